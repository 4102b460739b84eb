"""Benchmark: the Billing page with 100,000 invoices and 5,000 customers.

    .venv/bin/python -m bench.billing_page                 # SQLite, then PostgreSQL if reachable
    .venv/bin/python -m bench.billing_page --databases sqlite --no-browser

For each database: a fresh one (SQLite in a temp folder; PostgreSQL's `bench` database at
127.0.0.1:5432, dropped and created again), migrated and filled by `bench.billing_data`.
Then the page's handlers as the server runs them (median and 95th percentile of --runs,
and the state delta each sends, see `bench.billing_handlers`), and, unless --no-browser,
the production app in Chromium (see `bench.billing_browser`). Prints figures vs targets.
Run it on a quiet machine: on a shared one the figures are noisy.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.billing_browser import BrowserFigures, measure_browser, median
from bench.billing_data import customer_name, history, insert_history
from bench.billing_handlers import Browser, Figures, Timings, load, load_rows, measure, tick
from bench.seed import fresh_database, postgres_reachable, settle
from billing_app.db import create_db_engine, session_scope
from billing_app.domain.status import InvoiceStatus
from billing_app.services.invoices.listing import InvoiceFilters, SortKey
from billing_app.services.sessions import log_in
from billing_app.services.users import create_first_admin

EMAIL, PASSWORD = "admin@bench.test", "bench-admin-2026"
HANDLER_MS, DELTA_BYTES, ROWS_SECONDS, LIVE_SECONDS = 100, 64 * 1024, 2.0, 1.0
LIVE = (InvoiceFilters(), 0)  # the whole page again: rows, batches tab, choices if changed
FILTERS: dict[str, tuple[InvoiceFilters, int]] = {
    "sort by customer": (InvoiceFilters(sort=SortKey.CUSTOMER), 0),
    "sort by balance, descending": (InvoiceFilters(sort=SortKey.BALANCE, descending=True), 0),
    "filter status Sent": (InvoiceFilters(status=InvoiceStatus.SENT), 0),
    "filter one customer (typed name)": (InvoiceFilters(customer=customer_name(42)), 0),
    "filter search 'rossi'": (InvoiceFilters(search="rossi"), 0),
    "filter search '2025-0123'": (InvoiceFilters(search="2025-0123"), 0),
    "next page (1 → 2)": (InvoiceFilters(), 1),
    "page 1,000 (deep offset)": (InvoiceFilters(), 999),
}


def prepare(kind: str, folder: Path, customers: int, invoices: int, seed: int) -> Browser:
    """A filled database and a signed-in session on it."""
    url = fresh_database(kind, folder)
    engine = create_db_engine(url)
    begun = time.perf_counter()
    made = history(customers, invoices, random.Random(seed))
    insert_history(engine, customers, made)
    settle(engine)
    print(
        f"{kind}: {customers:,} customers, {len(made.invoices):,} invoices, "
        f"{len(made.lines):,} lines, {len(made.payments):,} payments, "
        f"{len(made.batches)} batches in {time.perf_counter() - begun:.0f} s"
    )
    with session_scope(engine) as session:
        create_first_admin(session, email=EMAIL, password=PASSWORD)
    with session_scope(engine) as session:
        token = log_in(session, EMAIL, PASSWORD, "bench").token
    return Browser(engine, token)


def server_figures(browser: Browser, runs: int) -> list[Figures]:
    def loading(filters: InvoiceFilters, page: int) -> Callable[[], tuple[Timings, Any]]:
        return lambda: load_rows(browser, filters, page)

    def opening() -> tuple[Timings, Any]:
        browser.shown.clear()  # a new page: the filter choices go to the browser too
        return load(browser, InvoiceFilters(), 0)

    figures = [measure("open the page (first load)", opening, runs)]
    figures.append(measure("live update found a change", lambda: load(browser, *LIVE), runs))
    figures += [measure(name, loading(*how), runs) for name, how in FILTERS.items()]
    figures.append(measure("tick (live check, 1/s per page)", lambda: (tick(browser), {}), runs))
    return figures


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def print_server(kind: str, figures: list[Figures]) -> None:
    print(
        f"\n{kind}: server time per handler (target ≤ {HANDLER_MS} ms median), "
        f"delta per load (target ≤ {DELTA_BYTES // 1024} KB)"
    )
    print(f"{'handler':34} {'median':>9} {'p95':>9}      {'delta':>9}      slowest step")
    for f in figures:
        delta = f"{f.delta_bytes / 1024:7.1f} KB {verdict(f.delta_bytes <= DELTA_BYTES):4}"
        print(
            f"{f.name:34} {f.median_ms:6.1f} ms {f.p95_ms:6.1f} ms "
            f"{verdict(f.median_ms <= HANDLER_MS):4} {delta if f.delta_bytes else ' ' * 15} "
            f"{f.slowest_step}"
        )


def print_browser(kind: str, figures: BrowserFigures) -> None:
    rows, live = median(figures.rows_visible), median(figures.live_update)
    largest = max(figures.frames, default=0)
    print(f"\n{kind}: in Chromium (median of {len(figures.rows_visible)})")
    print(
        f"navigation → first rows visible  {rows:5.2f} s  (target ≤ {ROWS_SECONDS:.0f} s) "
        f"{verdict(rows <= ROWS_SECONDS)}   all: {_seconds(figures.rows_visible)}"
    )
    print(
        f"status change → other browser    {live:5.2f} s  (target ≤ {LIVE_SECONDS:.0f} s) "
        f"{verdict(live <= LIVE_SECONDS)}   all: {_seconds(figures.live_update)}"
    )
    print(
        f"largest websocket message received: {largest / 1024:.1f} KB "
        f"({len(figures.frames)} messages)"
    )


def _seconds(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", choices=("sqlite", "postgresql"))
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="runs per handler")
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    kinds = args.databases or ["sqlite", *(["postgresql"] if postgres_reachable() else [])]
    for kind in kinds:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-billing-{kind}-"))
        browser = prepare(kind, folder, args.customers, args.invoices, args.seed)
        print_server(kind, server_figures(browser, args.runs))
        if not args.no_browser:
            url = browser.engine.url.render_as_string(hide_password=False)
            figures = measure_browser(url, folder, args.browser_runs, EMAIL, PASSWORD)
            print_browser(kind, figures)
        browser.engine.dispose()


if __name__ == "__main__":
    main()
