"""A local HTTP server on 127.0.0.1 that behaves like QuickBooks Online, for the export tests.

Intuit OAuth2 (qbo_oauth.py) and the Accounting API under `/v3/company/{realmId}/`: query,
read and write of accounts, customers, items, tax codes (read), invoices, payments, credit
memos and refund receipts, and batch. A `requestid` query parameter replays the stored
response of a write (or of a whole batch) and creates nothing. Faults are planned with
`throttle`, `fail_after_store`, `fail`, `delay`, `expire_access_tokens`, `revoke_refresh_tokens`;
`calls` counts requests by kind and `requests` logs them.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from dataclasses import replace
from http.server import ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl

from tests.integrations import qbo_faults as faults
from tests.integrations.qbo_faults import Action, FaultPlan, RateLimit
from tests.integrations.qbo_http import (
    Handler,
    Logged,
    Reply,
    Request,
    fault_reply,
    handler_class,
    json_reply,
)
from tests.integrations.qbo_oauth import OAuth
from tests.integrations.qbo_query import run_query
from tests.integrations.qbo_records import ENTITIES, Fault, Record
from tests.integrations.qbo_store import Company, seed_company

ENTITY_OF_PATH = {entity.lower(): entity for entity in ENTITIES}


class QboServer:
    def __init__(
        self,
        *,
        realm_id: str = "9341453050000000",
        client_id: str = "ABqbo-test-client",
        client_secret: str = "qbo-test-secret",
        access_token_ttl: float = 3600,
        batch_limit: int = 30,
        rate_limit_per_minute: int | None = None,
        currency: str = "USD",
    ) -> None:
        self.realm_id, self.batch_limit = realm_id, batch_limit
        self.oauth = OAuth(client_id, client_secret, realm_id, access_token_ttl)
        self.companies = {realm_id: seed_company(Company(realm_id, currency))}
        self.faults = FaultPlan()
        self.rate_limit = RateLimit(rate_limit_per_minute) if rate_limit_per_minute else None
        self.calls: Counter[str] = Counter()
        self.requests: list[Logged] = []
        self.replayed = 0  # writes answered from the requestid store
        self._stored: dict[tuple[str, str], Reply] = {}
        self._lock = threading.RLock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), handler_class(self.handle))
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)
        realm = r"/v3/company/(?P<realm>\d+)"
        self.routes: list[tuple[str, re.Pattern[str], str, Handler]] = [
            (
                "GET",
                re.compile(r"/\.well-known/openid_configuration/?"),
                "discovery",
                self._discovery,
            ),
            ("GET", re.compile(r"/connect/oauth2"), "authorize", self._authorize),
            ("POST", re.compile(r"/oauth2/v1/tokens/bearer"), "token", self._token),
            ("POST", re.compile(r"/oauth2/v1/tokens/revoke"), "revoke", self._revoke),
            (
                "GET",
                re.compile(r"/oauth2/v1/keys"),
                "jwks",
                lambda r: json_reply(200, {"keys": []}),
            ),
            ("GET|POST", re.compile(realm + r"/query"), "query", self._query),
            ("POST", re.compile(realm + r"/batch"), "batch", self._batch),
            ("GET", re.compile(realm + r"/(?P<entity>[a-z]+)/(?P<id>\d+)"), "", self._read),
            ("POST", re.compile(realm + r"/(?P<entity>[a-z]+)"), "", self._write),
        ]

    # Lifecycle and addresses
    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}"

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid_configuration"

    @property
    def api_url(self) -> str:
        """What `QuickBooks.api_url_v3` must be set to."""
        return f"{self.url}/v3"

    # State for assertions
    @property
    def company(self) -> Company:
        return self.companies[self.realm_id]

    def records(self, entity: str) -> list[Record]:
        with self._lock:
            return self.company.all(entity)

    def find(self, entity: str, **fields: Any) -> Record:
        """The one record whose fields equal `fields` (test setup: `find("Item", Name="Hours")`)."""
        matches = [r for r in self.records(entity) if all(r.get(k) == v for k, v in fields.items())]
        assert len(matches) == 1, f"{len(matches)} {entity} records match {fields}"
        return matches[0]

    def reset_counters(self) -> None:
        self.calls.clear()
        self.requests.clear()
        self.replayed = 0

    # Fault injection
    def throttle(
        self, times: int = 1, *, xml: bool = False, kind: str | None = None, retry_after: int = 0
    ) -> None:
        """The next `times` API calls (of `kind`) answer 429, JSON or XML body, with a
        Retry-After header when `retry_after` is given; nothing done."""
        action = Action.THROTTLE_XML if xml else Action.THROTTLE_JSON
        self.faults.add(action, times, kind=kind, seconds=retry_after)

    def fail_after_store(
        self, times: int = 1, *, status: int = 500, kind: str | None = None
    ) -> None:
        """The next writes are stored (and their requestid remembered), then answer `status`."""
        self.faults.add(Action.FAIL_AFTER_STORE, times, kind=kind, status=status)

    def fail(self, times: int = 1, *, status: int = 503, kind: str | None = None) -> None:
        self.faults.add(Action.FAIL, times, kind=kind, status=status)

    def delay(self, seconds: float, times: int = 1, *, kind: str | None = None) -> None:
        self.faults.add(Action.DELAY, times, kind=kind, seconds=seconds)

    def expire_access_tokens(self) -> None:
        with self._lock:
            self.oauth.expire_access_tokens()

    def revoke_refresh_tokens(self, token: str | None = None) -> None:
        with self._lock:
            self.oauth.revoke_refresh_tokens(token)

    # Dispatch
    def handle(self, request: Request) -> Reply:
        for methods, pattern, kind, handler in self.routes:
            found = pattern.fullmatch(request.path)
            if found and request.method in methods.split("|"):
                match = {k: v for k, v in found.groupdict().items() if v is not None}
                call = replace(request, match=match)
                kind = kind or match.get("entity", "")
                reply = self._guarded(kind, call, handler)
                break
        else:
            kind, reply = "unknown", Reply(404, b"Not found", "text/plain")
        with self._lock:
            self.calls[kind] += 1
            self.requests.append(
                Logged(
                    request.method,
                    request.path,
                    request.query,
                    request.headers,
                    request.body.decode(errors="replace"),
                    kind,
                    reply.status,
                )
            )
        return reply

    def _guarded(self, kind: str, request: Request, handler: Handler) -> Reply:
        if kind not in faults.API_KINDS:
            with self._lock:
                return handler(request)
        refused = self._refusal(request)
        if refused is not None:
            return refused
        planned = self.faults.take(kind)
        if planned is not None and planned.action is Action.DELAY:
            time.sleep(planned.seconds)
        elif planned is not None and planned.action is Action.THROTTLE_JSON:
            return Reply(429, faults.throttle_json(), retry_after=_seconds(planned.seconds))
        elif planned is not None and planned.action is Action.THROTTLE_XML:
            return Reply(429, faults.throttle_xml(), "application/xml",
                         retry_after=_seconds(planned.seconds))  # fmt: skip
        elif planned is not None and planned.action is Action.FAIL:
            return Reply(planned.status, faults.system_fault())
        reply = self._idempotent(request, handler)
        if planned is not None and planned.action is Action.FAIL_AFTER_STORE:
            return Reply(planned.status, faults.system_fault())
        return reply

    def _refusal(self, request: Request) -> Reply | None:
        with self._lock:
            realm = self.oauth.bearer_realm(request.headers.get("authorization", ""))
        if realm is None:
            detail = (
                "Token expired, revoked or unknown: "
                + request.headers.get("authorization", "")[:20]
            )
            return Reply(401, faults.authentication_failed(detail))
        if realm != request.match["realm"] or realm not in self.companies:
            fault = Fault(
                "3100",
                "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
                f"The token does not open company {realm}.",
                kind="AuthorizationFault",
                status=403,
            )
            return fault_reply(fault)
        if self.rate_limit is not None and not self.rate_limit.allow(realm):
            return Reply(429, faults.throttle_json())
        return None

    def _idempotent(self, request: Request, handler: Handler) -> Reply:
        request_id = request.query.get("requestid")
        key = (request.match["realm"], request_id or "")
        with self._lock:
            if request.method == "POST" and request_id and key in self._stored:
                self.replayed += 1
                return self._stored[key]
            reply = handler(request)
            if request.method == "POST" and request_id:
                self._stored[key] = reply
            return reply

    # OAuth handlers
    def _discovery(self, request: Request) -> Reply:
        return json_reply(200, self.oauth.discovery(self.url))

    def _authorize(self, request: Request) -> Reply:
        status, target = self.oauth.authorize(request.query)
        if status == 302:
            return Reply(302, b"", "text/plain", location=target)
        return Reply(status, target.encode(), "text/plain;charset=UTF-8")

    def _token(self, request: Request) -> Reply:
        form = dict(parse_qsl(request.body.decode()))
        return json_reply(*self.oauth.token(request.headers.get("authorization", ""), form))

    def _revoke(self, request: Request) -> Reply:
        token = str(request.json().get("token", ""))
        status, body = self.oauth.revoke(request.headers.get("authorization", ""), token)
        return Reply(status, json.dumps(body).encode() if body else b"")

    # Accounting API handlers
    def _query(self, request: Request) -> Reply:
        text = request.query.get("query") or request.body.decode()
        try:
            result = run_query(self.companies[request.match["realm"]], text)
        except Fault as fault:
            return fault_reply(fault)
        return json_reply(200, {"QueryResponse": result, "time": faults.stamp()})

    def _read(self, request: Request) -> Reply:
        entity = ENTITY_OF_PATH.get(request.match["entity"])
        if entity is None:
            return Reply(404, b"Not found", "text/plain")
        try:
            record = self.companies[request.match["realm"]].get(entity, request.match["id"])
        except Fault as fault:
            return fault_reply(fault)
        return json_reply(200, {entity: record, "time": faults.stamp()})

    def _write(self, request: Request) -> Reply:
        entity = ENTITY_OF_PATH.get(request.match["entity"])
        if entity is None:
            return Reply(404, b"Not found", "text/plain")
        try:
            payload = request.json()
            operation = request.query.get("operation") or (
                "update" if payload.get("Id") else "create"
            )
            record = self.companies[request.match["realm"]].apply(entity, operation, payload)
        except json.JSONDecodeError as error:
            return fault_reply(
                Fault("2010", "Request has invalid or unsupported property", str(error))
            )
        except Fault as fault:
            return fault_reply(fault)
        return json_reply(200, {entity: record, "time": faults.stamp()})

    def _batch(self, request: Request) -> Reply:
        items = request.json().get("BatchItemRequest") or []
        bids = [item.get("bId") for item in items]
        if (
            not items
            or len(items) > self.batch_limit
            or len(set(bids)) != len(bids)
            or None in bids
        ):
            return fault_reply(
                Fault(
                    "2010",
                    "Request has invalid or unsupported property",
                    f"A batch holds 1 to {self.batch_limit} BatchItemRequest "
                    f"with unique bId; this one has {len(items)}.",
                )
            )
        company = self.companies[request.match["realm"]]
        answers = [{"bId": item["bId"], **_batch_item(company, item)} for item in items]
        return json_reply(200, {"BatchItemResponse": answers, "time": faults.stamp()})


def _batch_item(company: Company, item: Record) -> Record:
    try:
        if "Query" in item:
            return {"QueryResponse": run_query(company, item["Query"])}
        entity = next((e for e in ENTITIES if e in item), None)
        if entity is None:
            raise Fault(
                "2010",
                "Request has invalid or unsupported property",
                f"BatchItemRequest {item['bId']} names no entity.",
            )
        record = company.apply(entity, str(item.get("operation", "create")), item[entity])
        return {entity: record}
    except Fault as fault:
        return {"Fault": fault.body()}


def _seconds(seconds: float) -> str:
    return str(int(seconds)) if seconds else ""
