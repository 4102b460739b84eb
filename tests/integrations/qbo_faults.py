"""What the QuickBooks test server answers when things go wrong, and the faults a test plans.

Bodies follow Intuit's: the throttle (429) in JSON or as the XML `IntuitResponse` that QBO
still sends on some paths, the 401 of an expired or unknown access token, and the 500
`SystemFault`. A test plans faults with `FaultPlan.add`; each request takes the first planned
fault whose kind filter matches it.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

THROTTLE_MESSAGE = "message=ThrottleExceeded; errorCode=003001; statusCode=429"
THROTTLE_DETAIL = "The request limit was reached."
API_KINDS = {
    "query",
    "batch",
    "account",
    "customer",
    "item",
    "taxcode",
    "taxrate",
    "invoice",
    "payment",
    "creditmemo",
    "refundreceipt",
}


class Action(StrEnum):
    THROTTLE_JSON = "throttle-json"  # 429, JSON Fault body; nothing processed
    THROTTLE_XML = "throttle-xml"  # 429, XML IntuitResponse body; nothing processed
    FAIL_AFTER_STORE = "fail-after-store"  # processed and stored, then answered with a 5xx
    FAIL = "fail"  # a 5xx before processing: nothing stored
    DELAY = "delay"  # processed after a pause (for client timeouts)


@dataclass
class Planned:
    action: Action
    times: int
    kind: str | None  # None: any Accounting API call (query, batch, an entity)
    status: int = 500
    seconds: float = 0.0

    def applies_to(self, kind: str) -> bool:
        return kind == self.kind if self.kind else kind in API_KINDS


@dataclass
class FaultPlan:
    planned: list[Planned] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self,
        action: Action,
        times: int = 1,
        *,
        kind: str | None = None,
        status: int = 500,
        seconds: float = 0.0,
    ) -> None:
        with self.lock:
            self.planned.append(Planned(action, times, kind, status, seconds))

    def take(self, kind: str) -> Planned | None:
        with self.lock:
            for planned in self.planned:
                if planned.applies_to(kind):
                    planned.times -= 1
                    if planned.times == 0:
                        self.planned.remove(planned)
                    return planned
        return None

    def clear(self) -> None:
        with self.lock:
            self.planned.clear()


@dataclass
class RateLimit:
    """QBO's per-realm limit (500 requests a minute): beyond it, a 429 throttle."""

    per_minute: int
    clock: Callable[[], float] = time.monotonic
    seen: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, realm: str) -> bool:
        now, window = self.clock(), self.seen.setdefault(realm, deque())
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True


def stamp() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="milliseconds")


def fault_json(error: dict[str, Any], kind: str) -> bytes:
    return json.dumps({"Fault": {"Error": [error], "type": kind}, "time": stamp()}).encode()


def throttle_json() -> bytes:
    error = {"Message": THROTTLE_MESSAGE, "Detail": THROTTLE_DETAIL, "code": "3001"}
    return fault_json(error, "ThrottleExceeded")


def throttle_xml() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="{stamp()}">'
        '<Fault type="ThrottleExceeded"><Error code="3001">'
        f"<Message>{THROTTLE_MESSAGE}</Message><Detail>{THROTTLE_DETAIL}</Detail>"
        "</Error></Fault></IntuitResponse>"
    ).encode()


def system_fault() -> bytes:
    error = {
        "Message": "An application error has occurred while processing your request",
        "Detail": "System Failure Error: An unexpected error occurred while accessing or "
        "saving your data. Please wait a few minutes and try again.",
        "code": "10000",
    }
    return fault_json(error, "SystemFault")


def authentication_failed(detail: str) -> bytes:
    """The 401 QBO sends for an expired, revoked or unknown access token (lower-case keys)."""
    error = {
        "message": "message=AuthenticationFailed; errorCode=003200; statusCode=401",
        "detail": detail,
        "code": "3200",
        "element": None,
    }
    body: dict[str, Any] = {
        "warnings": None,
        "intuitObject": None,
        "fault": {"error": [error], "type": "AUTHENTICATION"},
        "report": None,
        "queryResponse": None,
        "batchItemResponse": [],
        "requestId": None,
        "time": int(time.time() * 1000),
    }
    return json.dumps(body).encode()
