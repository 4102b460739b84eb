"""Benchmark: export 1,000 invoices to the Xero and to the QuickBooks test server (issue 7).

    .venv/bin/python -m bench.export --invoices 1000 --customers 100 \
        [--provider xero|quickbooks] [--crash] [--check-spec]

For each provider (both by default): a fresh SQLite file with Draft invoices (one 22% line
each, as a saved batch leaves them) for `--customers` customers, the provider's local test
server, then the provider's export service. Prints the calls by kind against the targets
(Xero ≤ 20 invoice + ≤ 20 contact calls, QuickBooks ≤ 34 batch + ≤ 34 customer calls), the
wall time and the deliberate waits (rate limit, Retry-After, backoff: counted, not slept)
and the duplicates the server holds. --crash runs the export in a child process killed with
SIGKILL right after the provider answered the second invoice call (before it was recorded),
then reruns regrouped: ten invoices of the lost call one by one, one of them changed (a
payment, a new version), then everything in one run. The targets are zero duplicates and every
invoice exported (the call targets are a clean run's). --check-spec checks Xero's traffic
against its spec (it costs more than the export).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bench.seed import insert_account, insert_customers, table
from billing_app.db import create_db_engine
from billing_app.domain.accounting import Provider
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.integrations.export_invoice import ExportMappings
from billing_app.migrations import upgrade
from billing_app.models import Invoice, InvoiceLine, User
from billing_app.services.accounting import qbo_export, xero_export
from billing_app.services.accounting.export_log import InvoiceExportResult, Outcome
from billing_app.services.accounting.xero_calls import XeroAccess
from billing_app.services.actor import Actor
from billing_app.services.payments import record_payment
from billing_app.services.sessions import actor_of
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.integrations.xero_spec import XeroSpecs, spec_dir
from tests.services.accounting import qbo_setup
from tests.services.accounting.crash_worker import export_until_killed

CRASH_AFTER = 2  # the invoice call whose answer is lost
Export = Callable[..., list[InvoiceExportResult]]


@dataclass(frozen=True)
class Target:
    """One provider's test server, as the export and the report need it."""

    provider: Provider
    export: Export  # xero_export.export_invoices or qbo_export.export_invoices
    access: Any
    mappings: ExportMappings
    calls: Callable[[], Counter[str]]  # by kind, since the server started
    remote_invoices: Callable[[], int]
    duplicates: Callable[[], int]  # invoices (and customers) the server holds twice
    limits: dict[str, tuple[Callable[[str], bool], int]]  # name → (which kinds, target)
    lost_call: slice  # the invoices of invoice call CRASH_AFTER (50 a Xero call, 30 a batch)


def xero_target(server: XeroServer) -> Target:
    token = server.grant_token()

    def duplicates() -> int:
        numbers = Counter(str(r["InvoiceNumber"]) for r in server.ledger.invoices.values())
        return sum(n - 1 for n in numbers.values())

    return Target(
        Provider.XERO, xero_export.export_invoices,
        XeroAccess(token["access_token"], server.tenant.tenant_id, server.api_url),
        ExportMappings(Provider.XERO, sales_account="200", tax_codes={"22": "OUTPUT2"}),
        calls=lambda: Counter(server.calls),
        remote_invoices=lambda: len(server.ledger.invoices),
        duplicates=duplicates,
        limits={"invoice calls": (lambda kind: kind.endswith("Invoices"), 20),
                "contact calls": (lambda kind: kind.endswith("Contacts"), 20)},
        lost_call=slice(50, 100),
    )  # fmt: skip


def qbo_calls(server: QboServer) -> Counter[str]:
    kinds: Counter[str] = Counter()
    for request in server.requests:
        if request.kind == "query":
            kinds["customer query" if "from Customer" in request.body else "invoice query"] += 1
        elif request.kind == "batch":
            kinds["customer batch" if '"Customer"' in request.body else "invoice batch"] += 1
        else:
            kinds[request.kind] += 1
    return kinds


def qbo_duplicates(server: QboServer) -> int:
    numbers = Counter(r.get("DocNumber") for r in server.records("Invoice"))
    names = Counter(r["DisplayName"].lower() for r in server.records("Customer"))
    return sum(n - 1 for n in numbers.values()) + sum(n - 1 for n in names.values())


def quickbooks_target(server: QboServer) -> Target:
    access = qbo_setup.access(server)
    server.reset_counters()  # the token exchange is not the export's
    return Target(
        Provider.QUICKBOOKS, qbo_export.export_invoices, access, qbo_setup.mappings(server),
        calls=lambda: qbo_calls(server),
        remote_invoices=lambda: len(server.records("Invoice")),
        duplicates=lambda: qbo_duplicates(server),
        limits={"invoice batch calls": (lambda kind: kind == "invoice batch", 34),
                "customer calls": (lambda kind: kind.startswith("customer"), 34)},
        lost_call=slice(30, 60),
    )  # fmt: skip


def seed(engine: sa.Engine, invoices: int, customers: int) -> None:
    now = dt.datetime.now(dt.UTC)
    net, tax = Decimal("100.00"), Decimal("22.00")
    with engine.begin() as c:
        insert_account(c, now)
        insert_customers(c, customers, now, lambda i: f"Cliente {i} Srl")
        c.execute(sa.insert(table(User)), [{"email": "billing@bench.test", "name": "Billing",
                  "role": Role.BILLING, "password_hash": "x", "active": True,
                  "created_at": now}])  # fmt: skip
        c.execute(sa.insert(table(Invoice)), [
            {"id": n, "customer_id": n % customers + 1, "status": InvoiceStatus.DRAFT,
             "currency": "EUR", "prices_include_tax": False, "period_start": dt.date(2026, 11, 1),
             "period_end": dt.date(2026, 11, 30), "net_total": net, "tax_total": tax,
             "total": net + tax, "amount_paid": Decimal(0), "notes": "", "version": 1,
             "created_at": now, "updated_at": now}
            for n in range(1, invoices + 1)
        ])  # fmt: skip
        c.execute(sa.insert(table(InvoiceLine)), [
            {"invoice_id": n, "position": 0, "kind": LineKind.CUSTOM,
             "description": "Managed services", "quantity": Decimal(1), "unit_price": net,
             "discount": Decimal(0), "tax_rate": Decimal(22), "net": net, "tax": tax}
            for n in range(1, invoices + 1)
        ])  # fmt: skip


def crash(engine: sa.Engine, target: Target, ids: Sequence[int]) -> int:
    """The export in a child process, SIGKILLed once CRASH_AFTER's answer arrived; what the
    server holds then."""
    spawn = multiprocessing.get_context("spawn")
    reached = spawn.Event()
    child = spawn.Process(target=export_until_killed, args=(
        engine.url.render_as_string(hide_password=False), 1, list(ids), target.access,
        target.mappings, "after_answer", reached, CRASH_AFTER))  # fmt: skip
    child.start()
    while child.is_alive() and not reached.wait(0.1):
        pass
    if not reached.is_set():
        raise SystemExit(f"the exporting process ended (exit code {child.exitcode}) too early")
    os.kill(child.pid or 0, signal.SIGKILL)
    child.join()
    return target.remote_invoices()


def regrouped(engine: sa.Engine, target: Target, ids: Sequence[int]) -> Run:
    """After the crash: ten invoices of the lost call one by one, one changed, then all."""
    lost = list(ids[target.lost_call])
    for invoice_id in lost[:10]:
        export(engine, target, [invoice_id])
    with Session(engine, expire_on_commit=False) as session:
        actor = actor_of(session.get_one(User, 1))
        record_payment(session, actor, lost[-1], amount=Decimal("10.00"),
                       received_on=dt.datetime.now(dt.UTC).date())  # fmt: skip
        session.commit()
    return export(engine, target, ids)


@dataclass(frozen=True)
class Run:
    wall: float
    waited: float
    results: list[InvoiceExportResult]
    remote_invoices: int  # what the server holds right after the run


def export(engine: sa.Engine, target: Target, ids: Sequence[int]) -> Run:
    waits: list[float] = []
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        actor: Actor = actor_of(session.get_one(User, 1))
        results = target.export(
            session, actor, ids, target.access, target.mappings, sleep=waits.append
        )
    wall = time.perf_counter() - started
    return Run(wall, sum(waits), results, target.remote_invoices())


def report(target: Target, args: argparse.Namespace, run: Run, crashed: int | None) -> None:
    label = target.provider.label
    print(f"== {label}: {args.invoices} invoices, {args.customers} customers")
    calls = target.calls()
    if crashed is not None:  # the call targets are a clean run's
        print(f"killed after invoice call {CRASH_AFTER} was answered: {crashed} in {label}")
        print("calls by kind (all runs):", dict(sorted(calls.items())))
    else:
        print("calls by kind:", dict(sorted(calls.items())))
        for name, (counted, limit) in target.limits.items():
            found = sum(n for kind, n in calls.items() if counted(kind))
            print(f"{name}: {found} (target ≤ {limit}){'' if found <= limit else '  MISSED'}")
    print("outcomes (last run):", dict(Counter(r.outcome.value for r in run.results)))
    print(f"in {label}: {target.remote_invoices()} invoices, duplicates: {target.duplicates()}")
    print(f"wall time (last run): {run.wall:.2f} s; deliberate waits (counted, not slept): "
          f"{run.waited:.1f} s")  # fmt: skip
    exported = sum(r.outcome is Outcome.EXPORTED for r in run.results)
    if exported != args.invoices or target.duplicates():
        print(f"MISSED: {exported} exported, {target.duplicates()} duplicates")


def bench(provider: Provider, args: argparse.Namespace, folder: Path) -> None:
    engine = create_db_engine(f"sqlite:///{folder / provider.value}.db")
    upgrade(engine)
    seed(engine, args.invoices, args.customers)
    ids = list(range(1, args.invoices + 1))
    server: XeroServer | QboServer
    if provider is Provider.XERO:
        specs = XeroSpecs.load(directory) if args.check_spec and (directory := spec_dir()) else None
        server = xero = XeroServer(specs).start()
        target = xero_target(xero)
    else:
        server = qbo = QboServer().start()
        target = quickbooks_target(qbo)
    try:
        crashed = crash(engine, target, ids) if args.crash else None
        run = regrouped(engine, target, ids) if args.crash else export(engine, target, ids)
    finally:
        server.stop()
        engine.dispose()
    report(target, args, run, crashed)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--provider", choices=[p.value for p in Provider])
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--check-spec", action="store_true")
    args = parser.parse_args()
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # the test servers speak plain HTTP
    chosen = [Provider(args.provider)] if args.provider else list(Provider)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        for provider in chosen:
            bench(provider, args, Path(folder))


if __name__ == "__main__":
    main()
