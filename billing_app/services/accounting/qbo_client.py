"""Polite calls to QuickBooks Online through python-quickbooks: budget, throttles, 5xx retries.

python-quickbooks turns every non-200 answer into an exception whose code says little (a JSON
429 is a ValidationException 3001, an XML one a QuickbooksException 10000), so a response hook
on its requests session keeps the HTTP status, body and Retry-After of the last answer, and the
decision (wait 60 s or the Retry-After, back off, give up, or stop the run when QuickBooks asks
for more than MAX_WAIT) is made from those, as domain.rate_limit describes. The budgets (500
calls and 40 batch requests a minute per company) are kept in the shared store (Pacing).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from quickbooks import QuickBooks
from quickbooks.exceptions import QuickbooksException
from requests_oauthlib import OAuth2Session

from billing_app.config import load_settings
from billing_app.domain.errors import BillingError
from billing_app.domain.rate_limit import (
    QBO_BATCHES_PER_MINUTE,
    Budget,
    backoff_delays,
    can_wait,
    is_qbo_throttle,
    is_retried,
    qbo_throttle_wait,
)
from billing_app.integrations.endpoints import quickbooks_endpoints
from billing_app.services.accounting.connections import ProviderAccess
from billing_app.services.accounting.pacing import Pacing, limit_reached

MINOR_VERSION = 75
THROTTLE_RETRIES = 5
Payload = dict[str, Any]
BATCH_BUDGET = Budget(QBO_BATCHES_PER_MINUTE)  # Intuit's, per company


@dataclass(frozen=True)
class QuickBooksAccess:
    """What a call needs: a fresh access token, the company (realm) and the API root."""

    access_token: str
    realm_id: str
    api_url: str  # QuickBooks.api_url_v3: https://quickbooks.api.intuit.com/v3 or a test server
    client_id: str = ""

    @classmethod
    def live(cls, access: ProviderAccess) -> QuickBooksAccess:
        """The connection's access to the configured QuickBooks API."""
        endpoints = quickbooks_endpoints()
        return cls(access.access_token, access.tenant_id, endpoints.api_url_v3,
                   endpoints.client_id)  # fmt: skip


@dataclass
class _LastAnswer:
    status: int = 0
    body: str = ""
    retry_after: str | None = None


@dataclass
class QboCaller(Pacing):
    """One export run's calls to one company; `calls` counts them by kind ("query", "batch")."""

    access: QuickBooksAccess
    budget: Budget = field(default_factory=lambda: load_settings().quickbooks_budget, kw_only=True)
    batch_budget: Budget = field(default=BATCH_BUDGET, kw_only=True)
    _client: QuickBooks | None = None
    _last: _LastAnswer = field(default_factory=_LastAnswer)

    @property
    def client(self) -> QuickBooks:
        if self._client is None:
            qb = QuickBooks(company_id=self.access.realm_id, minorversion=MINOR_VERSION)
            qb.api_url_v3 = self.access.api_url.rstrip("/")
            qb.sandbox = False
            session = OAuth2Session(
                self.access.client_id,
                token={"access_token": self.access.access_token, "token_type": "Bearer"},
            )
            session.hooks["response"].append(self._remember)
            qb.session = session
            self._client = qb
        return self._client

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._last.status, self._last.body = response.status_code, response.text
        self._last.retry_after = response.headers.get("Retry-After")

    @property
    def _company_url(self) -> str:
        return f"{self.client.api_url}/company/{self.access.realm_id}"

    def query(self, text: str) -> Payload:
        """One `select`; the QueryResponse object."""
        answer = self._call("query", lambda: self.client.query(text))
        response = answer.get("QueryResponse", {})
        return response if isinstance(response, dict) else {}

    def batch(self, items: list[Payload], request_id: str) -> list[Payload]:
        """One `POST /batch` with a deterministic requestid; the BatchItemResponse list."""
        body = json.dumps({"BatchItemRequest": items})
        url = f"{self._company_url}/batch"
        answer = self._call("batch", lambda: self.client.post(url, body, request_id=request_id))
        responses = answer.get("BatchItemResponse", [])
        return responses if isinstance(responses, list) else []

    def _call(self, kind: str, send: Callable[[], Payload]) -> Payload:
        realm = self.access.realm_id
        delays = list(backoff_delays(self.jitter))
        throttles = 0
        while True:
            self.take_slot(f"quickbooks:{realm}", self.budget)
            if kind == "batch":
                self.take_slot(f"quickbooks-batch:{realm}", self.batch_budget)
            self.calls[kind] += 1
            self._last = _LastAnswer()
            try:
                return send()
            except (QuickbooksException, requests.RequestException) as error:
                status, body = self._last.status, self._last.body
                if is_qbo_throttle(status, body) and throttles < THROTTLE_RETRIES:
                    throttles += 1
                    wait = qbo_throttle_wait(self._last.retry_after, dt.datetime.now(dt.UTC))
                    if not can_wait(wait):  # longer than a minute limit: stop, say when to resume
                        raise limit_reached("QuickBooks", wait, False, "company") from error
                    self.hold(f"quickbooks:{realm}", wait)
                    continue
                if (status == 0 or is_retried(status)) and delays:
                    self.pause(delays.pop(0))
                    continue
                raise _failure(status, error) from error


def _failure(status: int, error: Exception) -> BillingError:
    if status == 401:
        return BillingError(
            "quickbooks_unauthorized",
            "QuickBooks refused the connection's access; reconnect QuickBooks in "
            "Admin > Accounting and export again.",
        )
    if isinstance(error, QuickbooksException):
        detail = f"{error.message} {error.detail}".strip()
    else:
        detail = str(error)
    if status == 0 or is_retried(status) or is_qbo_throttle(status, ""):
        return BillingError(
            "quickbooks_unavailable",
            f"QuickBooks did not answer after several tries ({detail}); export again later: "
            "nothing will be created twice.",
        )
    return BillingError("quickbooks_refused", f"QuickBooks refused the request: {detail}")
