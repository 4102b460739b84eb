"""Polite calls to Xero's Accounting API through xero-python: budget, 429 and 5xx handled here.

The SDK's HTTP layer (urllib3) would itself retry a GET/PUT answered 429, sleeping the real
Retry-After; its retries are switched off so that every wait goes through the injected
`sleep` (tests do not wait) and through one per-tenant `RateLimiter` (≤ 60 calls a minute).
Answers are read as Xero's JSON (`_preload_content=False`): the same PascalCase records the
payload builders write, no model round-trip.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import urllib3
from xero_python.accounting import AccountingApi
from xero_python.api_client.oauth2 import OAuth2Token
from xero_python.exceptions import ApiException

from billing_app.config import load_settings
from billing_app.domain.errors import BillingError
from billing_app.domain.rate_limit import (
    Budget,
    backoff_delays,
    is_concurrent_limit,
    is_daily_limit,
    is_retried,
    parse_retry_after,
    xero_limit_wait,
)
from billing_app.integrations.endpoints import xero_endpoints
from billing_app.integrations.xero_sdk import xero_client
from billing_app.services.accounting.connections import ProviderAccess
from billing_app.services.accounting.pacing import Pacing, limit_reached

Payload = dict[str, Any]
RATE_LIMIT_RETRIES = 5  # 429s in a row before giving up on a call


@dataclass(frozen=True)
class XeroAccess:
    """What a call needs: a live access token for one organisation (tenant)."""

    access_token: str
    tenant_id: str
    api_url: str  # endpoints.xero_endpoints(...).api_url, or a test server's

    @classmethod
    def live(cls, access: ProviderAccess) -> XeroAccess:
        """The connection's access to the configured Xero API."""
        return cls(access.access_token, access.tenant_id, xero_endpoints().api_url)


@dataclass
class XeroCalls(Pacing):
    """One export run's connection to one organisation; counts its calls by kind."""

    access: XeroAccess
    budget: Budget = field(default_factory=lambda: load_settings().xero_budget, kw_only=True)

    def __post_init__(self) -> None:
        client = xero_client(OAuth2Token(), self._token, lambda token: None)
        client.rest_client.pool_manager.connection_pool_kw["retries"] = False
        self.api = AccountingApi(client, base_url=self.access.api_url)

    def _token(self) -> dict[str, Any]:
        return {"access_token": self.access.access_token, "token_type": "Bearer",
                "scope": [], "expires_in": None, "expires_at": None}  # fmt: skip

    def call(self, kind: str, method: str, **arguments: Any) -> Payload:
        """`AccountingApi.<method>(tenant, **arguments)` as JSON; raises XeroCallFailed with
        Xero's message when it refuses, or when it keeps failing after the retries."""
        tenant = self.access.tenant_id
        backoff = list(backoff_delays(self.jitter))
        limited = 0
        while True:
            self.take_slot(f"xero:{tenant}", self.budget)
            self.calls[kind] += 1
            try:
                answer = getattr(self.api, method)(tenant, _preload_content=False, **arguments)
            except ApiException as error:
                status = int(error.status or 0)
                if status == 429 and limited < RATE_LIMIT_RETRIES:
                    limited += 1
                    self._limited(error)
                    continue
                if is_retried(status) and backoff:
                    self.pause(backoff.pop(0))
                    continue
                raise XeroCallFailed(status, _message(error)) from error
            except urllib3.exceptions.HTTPError as error:  # no answer: retried like a 5xx
                if backoff:
                    self.pause(backoff.pop(0))
                    continue
                raise XeroCallFailed(0, f"Xero could not be reached: {error}") from error
            return dict(json.loads(answer.data or b"{}"))

    def _limited(self, error: ApiException) -> None:
        """A 429 (X-Rate-Limit-Problem): `minute` holds every process off the organisation for
        Retry-After, `concurrent` pauses this run briefly; `day`, or a Retry-After longer than
        MAX_WAIT, stops the run with CallLimitReached (when it can resume)."""
        retry_after = parse_retry_after(_header(error, "Retry-After"), dt.datetime.now(dt.UTC))
        problem = _header(error, "X-Rate-Limit-Problem")
        wait = xero_limit_wait(problem, retry_after)
        if wait is None:
            raise limit_reached("Xero", retry_after, is_daily_limit(problem)) from error
        if is_concurrent_limit(problem):
            self.pause(wait)
        else:
            self.hold(f"xero:{self.access.tenant_id}", wait)


def refusal(record: Payload, id_field: str | None = None) -> str | None:
    """Xero's words when it refused this element of a `summarizeErrors=false` answer (or gave
    it no `id_field`); None when it took it."""
    problems = [p.get("Message", "") for p in record.get("ValidationErrors") or []]
    refused = record.get("HasErrors") or record.get("HasValidationErrors")
    if problems or refused or (id_field is not None and not record.get(id_field)):
        said = dict.fromkeys(p.rstrip(".") for p in problems if p)  # once each, in order
        return "; ".join(said) + "." if said else "Xero refused it."
    return None


class XeroCallFailed(BillingError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__("xero_failed", message)
        self.status = status


def _header(error: ApiException, name: str) -> str | None:
    headers = error.headers or {}
    return headers.get(name) or headers.get(name.lower())


def _message(error: ApiException) -> str:
    """Xero's own words: the validation messages, else Message/Detail/Title, else the status."""
    try:
        body = json.loads(error.body or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    details = [
        problem["Message"]
        for element in body.get("Elements") or []
        for problem in element.get("ValidationErrors") or []
        if problem.get("Message")
    ]
    text = "; ".join(details) or body.get("Message") or body.get("Detail") or body.get("Title")
    return f"Xero answered {error.status}: {text or error.reason or 'no reason given'}"
