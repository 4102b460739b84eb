"""A real HTTP server on 127.0.0.1 that behaves like Xero, for the integration tests.

Identity (authorize with auto-consent, token with rotating refresh tokens, revocation,
connections) and the Accounting API endpoints the app uses. Every request (path, query
parameters, headers, body) and response is checked against Xero's OpenAPI spec
(tests/integrations/xero_spec.py): a request the spec rejects is answered 400 and recorded in
`violations`, which fails the test at fixture teardown (tests/e2e: after each test).
Fault knobs: `rate_limit` (429 with Retry-After and X-Rate-Limit-Problem `minute`, `day` or
`concurrent`), `fail_after_store`, `expire_access_tokens`, `revoke`. `arrivals` keeps when each
Accounting API call reached the server, per tenant; `busiest(window)` counts the most calls in
any `window` seconds (Xero's minute limit is counted at its door).
"""

from __future__ import annotations

import copy
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import Headers, ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from tests.integrations.xero_accounting import (
    COLLECTIONS,
    Collection,
    answer_get,
    answer_write,
    json_response,
)
from tests.integrations.xero_identity import IDENTITY
from tests.integrations.xero_ledger import Ledger
from tests.integrations.xero_spec import ACCOUNTING_PREFIX, SpecRequest, SpecResponse, XeroSpecs
from tests.integrations.xero_tokens import DEFAULT_SCOPE, Grant, Tokens

FAULT_STATUSES = {401, 403, 404, 429, 500}  # Xero documents these outside the OpenAPI spec


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Tests read `XeroServer.log`; no access log on stderr."""


@dataclass(frozen=True)
class Tenant:
    tenant_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    name: str = "Demo MSP Srl"
    connection_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Faults:
    rate_limited: int = 0  # the next N API calls answer 429
    retry_after: int = 1
    problem: str = "minute"  # X-Rate-Limit-Problem: minute, day, concurrent (or appminute)
    fail_after_store: int = 0  # the next N writes are applied, then answered 500


@dataclass(frozen=True)
class Exchange:
    """One request as the server saw it, and the status it answered."""

    kind: str  # e.g. "PUT Invoices", "POST token"
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    status: int


def _rules() -> list[Rule]:
    identity = [
        Rule("/identity/connect/authorize", endpoint="authorize", methods=["GET"]),
        Rule("/identity/connect/token", endpoint="token", methods=["POST"]),
        Rule("/identity/connect/revocation", endpoint="revocation", methods=["POST"]),
        Rule("/connections", endpoint="Connections", methods=["GET"]),
        Rule("/Connections", endpoint="Connections", methods=["GET"]),
    ]
    api = [
        Rule(
            f"{ACCOUNTING_PREFIX}/{collection.name}",
            endpoint=collection.name,
            methods=collection.methods,
        )
        for collection in COLLECTIONS.values()
        if collection.methods
    ]
    allocations = Rule(
        f"{ACCOUNTING_PREFIX}/CreditNotes/<credit_note_id>/Allocations",
        endpoint="Allocations",
        methods=["PUT"],
    )
    return [*identity, *api, allocations]


class XeroServer:
    def __init__(self, specs: XeroSpecs | None, access_lifetime: int = 1800) -> None:
        self.specs = specs
        self.tokens = Tokens(access_lifetime=access_lifetime)
        self.ledger = Ledger()
        self.tenant = Tenant()
        self.faults = Faults()
        self.calls: Counter[str] = Counter()
        self.log: list[Exchange] = []
        self.arrivals: dict[str, list[float]] = {}  # tenant id → time.time() of each API call
        self.violations: list[str] = []
        self._idempotent: dict[str, tuple[bytes, Response]] = {}
        self._lock = threading.RLock()  # one request at a time touches the state
        self._routes = Map(_rules(), strict_slashes=False)
        self._server: BaseWSGIServer | None = None

    # -- lifecycle and addresses ------------------------------------------------------------
    def start(self) -> XeroServer:
        self._server = make_server(
            "127.0.0.1", 0, self.wsgi, threaded=True, request_handler=QuietHandler
        )
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server, "the server is not started"
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return self.url + ACCOUNTING_PREFIX

    @property
    def authorize_url(self) -> str:
        return self.url + "/identity/connect/authorize"

    @property
    def token_url(self) -> str:
        return self.url + "/identity/connect/token"

    @property
    def revocation_url(self) -> str:
        return self.url + "/identity/connect/revocation"

    # -- knobs for tests --------------------------------------------------------------------
    def rate_limit(self, calls: int = 1, retry_after: int = 1, problem: str = "minute") -> None:
        self.faults.rate_limited, self.faults.retry_after = calls, retry_after
        self.faults.problem = problem

    def busiest(self, window: float, tenant: str | None = None) -> int:
        """The most Accounting API calls the tenant (default: the server's) made in any
        `window` seconds, by the time each reached the server."""
        times = sorted(self.arrivals.get(tenant or self.tenant.tenant_id, []))
        most, start = 0, 0
        for end, arrived in enumerate(times):
            while arrived - times[start] >= window:
                start += 1
            most = max(most, end - start + 1)
        return most

    def fail_after_store(self, calls: int = 1) -> None:
        self.faults.fail_after_store = calls

    def expire_access_tokens(self) -> None:
        self.tokens.expire_access_tokens()

    def revoke(self, refresh_token: str) -> None:
        self.tokens.revoke(refresh_token)

    def grant_token(self, scope: str = "") -> dict[str, Any]:
        """A token as if the consent flow had run (for tests that are not about OAuth)."""
        return self.tokens.issue(Grant(self.tokens.client_id, scope or DEFAULT_SCOPE))

    # -- request handling -------------------------------------------------------------------
    def wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        arrived = time.time()
        request = Request(environ)
        with self._lock:
            if request.path.startswith(ACCOUNTING_PREFIX):
                tenant = request.headers.get("Xero-Tenant-Id", "")
                self.arrivals.setdefault(tenant, []).append(arrived)
            response = self._handle(request)
        return response(environ, start_response)

    def _handle(self, request: Request) -> Response:
        body = request.get_data()
        spec_request = SpecRequest(
            method=request.method.lower(),
            path=request.path,
            query=ImmutableMultiDict(request.args),
            headers=Headers(request.headers),
            body=body or None,
            content_type=request.content_type or "application/octet-stream",
        )
        try:
            endpoint, arguments = self._routes.bind_to_environ(request.environ).match()
        except HTTPException as error:
            endpoint, arguments = "unknown", {}
            response = json_response({"Message": error.description}, error.code or 404)
        kind = f"{request.method} {endpoint}"
        self.calls[kind] += 1
        if endpoint != "unknown":
            response = self._checked(request, spec_request, str(endpoint), arguments)
        self._check_response(kind, spec_request, response)
        self.log.append(
            Exchange(
                kind,
                request.method,
                request.path,
                request.query_string.decode(),
                dict(request.headers),
                body,
                response.status_code,
            )
        )
        return response

    def _checked(
        self,
        request: Request,
        spec_request: SpecRequest,
        endpoint: str,
        arguments: Mapping[str, Any],
    ) -> Response:
        problems = self.specs.check_request(spec_request) if self.specs else []
        if problems:
            self.violations += [
                f"request {request.method} {request.full_path}: {p}" for p in problems
            ]
            return json_response(
                {
                    "ErrorNumber": 14,
                    "Type": "PostDataInvalidException",
                    "Message": "; ".join(problems),
                },
                400,
            )
        if endpoint in IDENTITY:
            return IDENTITY[endpoint](self.tokens, request)
        refused = self._refuse(request, tenant_needed=endpoint != "Connections")
        if refused:
            return refused
        if endpoint == "Connections":
            return json_response([self._connection()])
        return self._accounting(request, endpoint, arguments)

    def _check_response(self, kind: str, spec_request: SpecRequest, response: Response) -> None:
        if not self.specs:
            return
        checked = SpecResponse(
            response.status_code,
            Headers(response.headers),
            response.get_data(),
            response.mimetype or "",
        )
        problems = self.specs.check_response(spec_request, checked)
        if response.status_code in FAULT_STATUSES:
            problems = [p for p in problems if not p.startswith("ResponseNotFound")]
        self.violations += [f"response to {kind} ({response.status_code}): {p}" for p in problems]

    def _refuse(self, request: Request, tenant_needed: bool) -> Response | None:
        """401 without a live access token, 403 for another tenant, 429 when told to."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not self.tokens.access_valid(token):
            return json_response(
                {
                    "Type": None,
                    "Title": "Unauthorized",
                    "Status": 401,
                    "Detail": "TokenExpired: token expired",
                },
                401,
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if tenant_needed and request.headers.get("Xero-Tenant-Id") != self.tenant.tenant_id:
            return json_response(
                {
                    "Type": None,
                    "Title": "Forbidden",
                    "Status": 403,
                    "Detail": "AuthenticationUnsuccessful",
                },
                403,
            )
        if self.faults.rate_limited > 0:
            self.faults.rate_limited -= 1
            return json_response(
                {"Title": "Too Many Requests", "Status": 429},
                429,
                {
                    "Retry-After": str(self.faults.retry_after),
                    "X-Rate-Limit-Problem": self.faults.problem,
                },
            )
        return None

    def _connection(self) -> dict[str, Any]:
        return {
            "id": self.tenant.connection_id,
            "tenantId": self.tenant.tenant_id,
            "tenantType": "ORGANISATION",
            "tenantName": self.tenant.name,
            "createdDateUtc": "2026-01-05T09:00:00Z",
            "updatedDateUtc": "2026-01-05T09:00:00Z",
        }

    # -- accounting -------------------------------------------------------------------------
    def _accounting(
        self, request: Request, endpoint: str, arguments: Mapping[str, Any]
    ) -> Response:
        if request.method == "GET":
            return answer_get(self.ledger, COLLECTIONS[endpoint], request.args)
        key = request.headers.get("Idempotency-Key")
        body = request.get_data()
        if key and key in self._idempotent:
            stored_body, stored = self._idempotent[key]
            if stored_body == body:
                return stored
            return json_response(
                {
                    "ErrorNumber": 10,
                    "Type": "ValidationException",
                    "Message": "The Idempotency-Key was already used for a different request.",
                },
                400,
            )
        response = self._write(request, endpoint, arguments)
        if key and response.status_code == 200:
            self._idempotent[key] = (body, response)
        if self.faults.fail_after_store > 0 and response.status_code == 200:
            self.faults.fail_after_store -= 1
            return json_response({"Title": "An error occurred", "Status": 500}, 500)
        return response

    def _write(self, request: Request, endpoint: str, arguments: Mapping[str, Any]) -> Response:
        collection: Collection = COLLECTIONS[endpoint]
        snapshot = copy.deepcopy(self.ledger)
        summarize = request.args.get("summarizeErrors", "true").lower() != "false"
        response = answer_write(self.ledger, collection, request, summarize, arguments)
        if response.status_code != 200:
            self.ledger = snapshot  # like Xero: a summarised failure stores nothing
        return response
