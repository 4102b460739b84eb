"""Benchmark: export 1,000 invoices to the Xero test server (issue 7).

    .venv/bin/python -m bench.export --invoices 1000 --customers 100 [--crash] [--check-spec]

A fresh SQLite file with Sent invoices (one line each) for `--customers` customers, a local
Xero test server (request/response checking against Xero's spec only with --check-spec: it
costs more than the export), then `export_invoices`. Prints the calls by kind, the wall time
minus the deliberate waits (rate limit, Retry-After, backoff), and the duplicates in Xero.
--crash kills the run after the second invoice chunk was pushed (before it is recorded),
then runs the export again: the targets are zero duplicates and every invoice exported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections import Counter
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
from billing_app.services.accounting import xero_export
from billing_app.services.accounting.xero_calls import XeroAccess
from billing_app.services.sessions import actor_of
from tests.integrations.xero_server import XeroServer
from tests.integrations.xero_spec import XeroSpecs, spec_dir

MAPPINGS = ExportMappings(Provider.XERO, sales_account="200", tax_codes={"22": "OUTPUT2"})


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
            {"id": n, "customer_id": n % customers + 1, "status": InvoiceStatus.SENT,
             "number": f"2026-{n:05}", "series": "2026", "sequence": n, "currency": "EUR",
             "prices_include_tax": False, "issue_date": dt.date(2026, 11, 30),
             "due_date": dt.date(2026, 12, 30), "net_total": net, "tax_total": tax,
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


def export(engine: sa.Engine, server: XeroServer, ids: list[int]) -> tuple[float, float, Any]:
    token = server.grant_token()
    access = XeroAccess(token["access_token"], server.tenant.tenant_id, server.api_url)
    waited: list[float] = []
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        actor = actor_of(session.get_one(User, 1))
        try:
            results = xero_export.export_invoices(
                session, actor, ids, access, MAPPINGS, sleep=lambda s: waited.append(s)
            )
        except RuntimeError as crash:
            results = crash
    return time.perf_counter() - started, sum(waited), results


def crash_after(chunks: int) -> None:
    real = xero_export.push_chunk
    pushed = 0

    def push(*args: Any, **kw: Any) -> None:
        nonlocal pushed
        real(*args, **kw)
        pushed += 1
        if pushed == chunks:
            xero_export.push_chunk = real
            raise RuntimeError("killed after a chunk was pushed, before it was recorded")

    xero_export.push_chunk = push


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--check-spec", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    engine = create_db_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    seed(engine, args.invoices, args.customers)
    specs = XeroSpecs.load(directory) if args.check_spec and (directory := spec_dir()) else None
    server = XeroServer(specs).start()
    ids = list(range(1, args.invoices + 1))
    try:
        if args.crash:
            crash_after(2)
            wall, waited, crashed = export(engine, server, ids)
            print(f"crashed run: {crashed}; {len(server.ledger.invoices)} invoices in Xero")
        wall, waited, results = export(engine, server, ids)
    finally:
        server.stop()
    outcomes = Counter(result.outcome.value for result in results)
    numbers = Counter(record["InvoiceNumber"] for record in server.ledger.invoices.values())
    print(f"invoices: {args.invoices}, customers: {args.customers}, spec checked: {bool(specs)}")
    print("calls by kind:", dict(sorted(server.calls.items())))
    invoice_calls = sum(n for kind, n in server.calls.items() if kind.endswith("Invoices"))
    contact_calls = sum(n for kind, n in server.calls.items() if kind.endswith("Contacts"))
    print(f"invoice calls: {invoice_calls} (target ≤ 20), contact calls: {contact_calls} (≤ 20)")
    print(f"outcomes (last run): {dict(outcomes)}")
    print(f"in Xero: {len(numbers)} invoices, duplicates: {sum(n - 1 for n in numbers.values())}")
    print(f"wall time (last run): {wall:.2f} s, minus deliberate waits {waited:.1f} s: "
          f"{wall - waited:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
