"""The HTTP plumbing of the QuickBooks test server: requests and replies as plain values."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.integrations.qbo_faults import stamp
from tests.integrations.qbo_records import Fault, Record


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    match: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body or b"{}", parse_float=Decimal)


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json;charset=UTF-8"
    location: str = ""
    retry_after: str = ""  # a throttle's Retry-After header, when the test plans one


@dataclass(frozen=True)
class Logged:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: str
    kind: str
    status: int


def _number(value: Decimal) -> int | float:
    """JSON numbers: amounts are exact two-decimal values, which a float repr keeps."""
    return int(value) if value == value.to_integral_value() else float(value)


def json_reply(status: int, body: Record) -> Reply:
    return Reply(status, json.dumps(body, default=_number).encode())


def fault_reply(fault: Fault) -> Reply:
    return json_reply(fault.status, {"Fault": fault.body(), "time": stamp()})


Handler = Callable[[Request], Reply]


def handler_class(handle: Handler) -> type[BaseHTTPRequestHandler]:
    """A request handler class that hands every request to `handle` (HTTP/1.1, keep-alive)."""

    class QboHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = Request(
                self.command,
                parts.path,
                dict(parse_qsl(parts.query)),
                headers,
                self.rfile.read(length),
            )
            reply = handle(request)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("intuit_tid", secrets.token_hex(16))
            if reply.location:
                self.send_header("Location", reply.location)
            if reply.retry_after:
                self.send_header("Retry-After", reply.retry_after)
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return QboHandler
