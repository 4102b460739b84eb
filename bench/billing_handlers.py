"""The Billing page's handlers as the server runs them, timed step by step.

`load` repeats what `BillingState.load` awaits, in the same order and with one
transaction per use-case as `AppState.as_actor` / `call` open them (each `as_actor`
first resolves the browser's session token); then it builds the view rows and the
state delta Reflex would send; a live update that finds a change runs `load` again.
Sorting, filtering and paging run `load_rows` (the batches tab is left as it is).
`tick` is the once-a-second live-update check of every open page.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.utils.format import json_dumps

from billing_app.db import session_scope
from billing_app.services.account import account_locale
from billing_app.services.actor import Actor
from billing_app.services.batches.listing import BatchRow, list_batches
from billing_app.services.changes import billing_fingerprint
from billing_app.services.invoices.listing import InvoiceFilters, InvoicePage, list_invoices
from billing_app.services.sessions import resume
from billing_app.state.billing import BillingState, batch_view
from billing_app.state.invoice_table import ALL_BATCHES, invoice_view

T = TypeVar("T")
IDLE = dt.timedelta(minutes=30)


@dataclass
class Timings:
    """Seconds per step of one handler run, in the order the handler takes them."""

    steps: dict[str, float] = field(default_factory=dict)

    def timed(self, step: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        begun = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.steps[step] = self.steps.get(step, 0.0) + time.perf_counter() - begun

    @property
    def total(self) -> float:
        return sum(self.steps.values())


@dataclass(frozen=True)
class Figures:
    name: str
    median_ms: float
    p95_ms: float
    delta_bytes: int  # 0: the handler sends nothing by itself
    slowest_step: str


class Browser:
    """One signed-in browser as the server sees it: its session token, and its page's
    state (what it was sent already)."""

    def __init__(self, engine: sa.Engine, token: str) -> None:
        self.engine, self.token = engine, token
        self.shown: dict[str, Any] = {}  # the choices the page holds already

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with session_scope(self.engine) as session:
            return fn(session, *args, **kwargs)

    def as_actor(self, timings: Timings, step: str, fn: Callable[..., T], *args: Any) -> T:
        actor: Actor | None = timings.timed("resolve session", self.call, resume, self.token, IDLE)
        assert actor is not None, "the bench user's session is not valid"
        return timings.timed(step, self.call, fn, actor, *args)


def _assigned(
    browser: Browser,
    result: InvoicePage,
    batches: list[BatchRow],
    locale: str,
) -> dict[str, Any]:
    """The vars load assigns: the choices only when they changed (`_set_if_changed`)."""
    choices = {
        "batches": [batch_view(row, locale) for row in batches],
        "batch_names": [ALL_BATCHES, *(row.name for row in batches)],
    }
    changed = {k: v for k, v in choices.items() if browser.shown.get(k) != v}
    browser.shown |= changed
    return {
        "rows": [invoice_view(row, locale) for row in result.rows],
        "page": result.page,
        "pages": result.pages,
        "total": result.total,
        **changed,
        "loading": False,
        "error": "",
    }


def load(browser: Browser, filters: InvoiceFilters, page: int) -> tuple[Timings, dict[str, Any]]:
    """BillingState.load: the timings and the vars it assigns (what the browser receives)."""
    timings = Timings()
    result = browser.as_actor(timings, "list_invoices", list_invoices, page, None, filters)
    batches = browser.as_actor(timings, "list_batches", list_batches)
    locale = timings.timed("account_locale", browser.call, account_locale)
    changed = timings.timed("views", _assigned, browser, result, batches, locale)
    return timings, changed


def load_rows(
    browser: Browser, filters: InvoiceFilters, page: int
) -> tuple[Timings, dict[str, Any]]:
    """InvoiceTable.load_rows, what sorting, filtering and paging run: the rows only."""
    timings = Timings()
    result = browser.as_actor(timings, "list_invoices", list_invoices, page, None, filters)
    locale = timings.timed("account_locale", browser.call, account_locale)
    rows = timings.timed("views", lambda: [invoice_view(row, locale) for row in result.rows])
    shown = {"rows": rows, "page": result.page, "pages": result.pages, "total": result.total}
    return timings, shown | {"error": ""}


def tick(browser: Browser) -> Timings:
    timings = Timings()
    browser.as_actor(timings, "billing_fingerprint", billing_fingerprint)
    return timings


def delta_bytes(changed: dict[str, Any]) -> int:
    """The delta as Reflex serialises it: the page state's changed vars under its name."""
    delta = {BillingState.get_full_name(): {f"{k}{FIELD_MARKER}": v for k, v in changed.items()}}
    return len(json_dumps(delta).encode())


def measure(name: str, run: Callable[[], tuple[Timings, dict[str, Any]]], runs: int) -> Figures:
    """`runs` runs after one warm-up; median and 95th percentile of the handler's time."""
    run()
    totals, steps, sent = [], dict[str, float](), 0
    for _ in range(runs):
        timings, changed = run()
        totals.append(timings.total)
        for step, seconds in timings.steps.items():
            steps[step] = steps.get(step, 0.0) + seconds
        sent = delta_bytes(changed) if changed else 0
    slowest = max(steps, key=lambda step: steps[step])
    share = steps[slowest] / sum(steps.values())
    return Figures(
        name=name,
        median_ms=statistics.median(totals) * 1000,
        p95_ms=statistics.quantiles(totals, n=20)[-1] * 1000 if runs > 1 else totals[0] * 1000,
        delta_bytes=sent,
        slowest_step=f"{slowest} {share:.0%}",
    )
