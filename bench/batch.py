"""Benchmark: preview and save one batch that bills a whole busy month (issue 4).

    .venv/bin/python -m bench.batch --customers 1000
    .venv/bin/python -m bench.batch --customers 1000 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Generates, on a fresh SQLite file (or the PostgreSQL database given, wiped first), 1.5
contracts, 20 closed tickets, 100 time entries and 10 expenses per customer in October 2026
(all contract types), then times preview_batch and save_batch. In the same run, a baseline
with SQLAlchemy Core only: one SELECT of the billable rows, then one plain executemany
INSERT each of as many invoices, lines and locks as the save writes. Prints the times, the
save / baseline ratio, preview + save, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from bench.seed import catch_up_sequences, insert_account, insert_customers, settle, table
from billing_app.db import create_db_engine
from billing_app.domain.contracts import ContractType, ProjectBilling
from billing_app.domain.work import TicketStatus
from billing_app.migrations import upgrade
from billing_app.models import (
    AccountSettings,
    BilledSource,
    Contract,
    ContractMilestone,
    ContractUnitLine,
    Customer,
    Expense,
    Invoice,
    InvoiceLine,
    Ticket,
    TimeEntry,
    UnitCount,
)
from billing_app.services.actor import SYSTEM
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.preview import preview_batch
from billing_app.services.batches.save import save_batch

D = Decimal
START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
TYPES = list(ContractType)


def generate(engine: sa.Engine, customers: int, rng: random.Random) -> dict[str, int]:
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with engine.begin() as c:
        insert_account(c, now)
        insert_customers(c, customers, now, lambda i: f"Customer {i:05}")
        contracts = []
        for n in range(1, customers * 3 // 2 + 1):
            kind = TYPES[n % len(TYPES)]
            contracts.append(
                {
                    "id": n,
                    "customer_id": (n - 1) % customers + 1,
                    "name": f"Contract {n}",
                    "type": kind,
                    "start_date": dt.date(2025, 1, 1),
                    "end_date": None,
                    "frequency": "monthly",
                    "timing": "advance",
                    "taxable": True,
                    "tax_rate": D(22),
                    "hourly_rate": None if kind is ContractType.PER_UNIT else D(70),
                    "rounding_increment_minutes": 15,
                    "rounding_mode": "up",
                    "minimum_minutes": 15,
                    "rounding_scope": "ticket" if n % 2 else "entry",
                    "fee": D(400)
                    if kind in (ContractType.RETAINER, ContractType.PROJECT)
                    else None,
                    "block_hours": D(10) if kind is ContractType.BLOCK_HOURS else None,
                    "block_price": D(650) if kind is ContractType.BLOCK_HOURS else None,
                    "overage_rate": D(80) if kind is ContractType.BLOCK_HOURS else None,
                    "rollover": kind is ContractType.BLOCK_HOURS,
                    "rollover_cap_hours": None,
                    "block_amount": D(2000) if kind is ContractType.BLOCK_MONEY else None,
                    "project_billing": ProjectBilling.FIXED
                    if kind is ContractType.PROJECT
                    else None,
                    "active": True,
                    "created_at": now,
                }
            )
        c.execute(sa.insert(table(Contract)), contracts)
        per_unit = [row["id"] for row in contracts if row["type"] is ContractType.PER_UNIT]
        projects = [row["id"] for row in contracts if row["type"] is ContractType.PROJECT]
        c.execute(
            sa.insert(table(ContractUnitLine)),
            [
                {
                    "id": i,
                    "contract_id": cid,
                    "name": "Workstations",
                    "unit_price": D("18.50"),
                    "product_id": None,
                }
                for i, cid in enumerate(per_unit, start=1)
            ],
        )
        c.execute(
            sa.insert(table(UnitCount)),
            [
                {"unit_line_id": i, "effective_from": dt.date(2025, 1, 1), "quantity": D(20)}
                for i in range(1, len(per_unit) + 1)
            ],
        )
        c.execute(
            sa.insert(table(ContractMilestone)),
            [
                {
                    "contract_id": cid,
                    "name": "Phase",
                    "amount": D(1500),
                    "bill_on": dt.date(2026, 10, 15),
                }
                for cid in projects
            ],
        )
        tickets, entries, expenses = [], [], []
        for t in range(1, customers * 20 + 1):
            contract = contracts[(t - 1) % len(contracts)]
            day = dt.datetime(2026, 10, rng.randint(1, 31), 9, tzinfo=dt.UTC)
            tickets.append(
                {
                    "id": t,
                    "customer_id": contract["customer_id"],
                    "contract_id": contract["id"],
                    "subject": f"Ticket {t}",
                    "status": TicketStatus.CLOSED,
                    "technician": "Tech",
                    "opened_at": day,
                    "resolved_at": day,
                }
            )
            for _ in range(5):
                entries.append(
                    {
                        "customer_id": contract["customer_id"],
                        "ticket_id": t,
                        "contract_id": contract["id"],
                        "user_id": None,
                        "technician": "Tech",
                        "started_at": day,
                        "duration_minutes": rng.choice((10, 25, 45, 70, 120)),
                        "billable": True,
                        "work_type": "Remote support",
                        "notes": "",
                        "rate_override": None,
                    }
                )
            if t % 2 == 0:
                expenses.append(
                    {
                        "customer_id": contract["customer_id"],
                        "ticket_id": t,
                        "contract_id": contract["id"],
                        "user_id": None,
                        "spent_on": day.date(),
                        "description": "Parts",
                        "amount": D("24.90"),
                        "markup_percent": D(10),
                        "billable": True,
                    }
                )
        c.execute(sa.insert(table(Ticket)), tickets)
        c.execute(sa.insert(table(TimeEntry)), entries)
        c.execute(sa.insert(table(Expense)), expenses)
        catch_up_sequences(
            c, [table(m) for m in (AccountSettings, Customer, Contract, ContractUnitLine, Ticket)]
        )
    return {
        "customers": customers,
        "contracts": len(contracts),
        "tickets": len(tickets),
        "time entries": len(entries),
        "expenses": len(expenses),
    }


def baseline(engine: sa.Engine, invoices: int, lines: int, locks: int) -> float:
    """The least any implementation must do: read the billable rows, then write as many
    invoices, lines and locks as the save does, with the same columns, each table in one
    plain executemany (ids taken as max(id) + 1, as the save does on SQLite). Rolled back."""
    begun = time.perf_counter()
    invoice, line = table(Invoice), table(InvoiceLine)
    with engine.begin() as c:
        rows = c.execute(
            sa.select(
                table(TimeEntry).c.id,
                table(TimeEntry).c.duration_minutes,
                table(TimeEntry).c.contract_id,
            )
        ).all()
        expenses = c.execute(sa.select(table(Expense).c.id, table(Expense).c.amount)).all()
        now = dt.datetime.now(dt.UTC)
        first = (c.execute(sa.select(sa.func.max(invoice.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + invoices))
        c.execute(
            sa.insert(invoice),
            [
                {
                    "id": invoice_id,
                    "customer_id": 1,
                    "contract_id": 1,
                    "batch_id": None,
                    "status": "draft",
                    "currency": "EUR",
                    "prices_include_tax": False,
                    "period_start": START,
                    "period_end": END,
                    "net_total": D(1),
                    "tax_total": D(0),
                    "total": D(1),
                    "amount_paid": D(0),
                    "notes": "",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for invoice_id in ids
            ],
        )
        first = (c.execute(sa.select(sa.func.max(line.c.id))).scalar() or 0) + 1
        line_ids = list(range(first, first + lines))
        c.execute(
            sa.insert(line),
            [
                {
                    "id": line_id,
                    "invoice_id": ids[n % len(ids)],
                    "position": n,
                    "kind": "time_entry",
                    "description": "Work",
                    "quantity": D(1),
                    "unit_price": D(70),
                    "discount": D(0),
                    "tax_rate": D(22),
                    "net": D(70),
                    "tax": D("15.4"),
                    "contract_id": 1,
                    "ticket_id": None,
                    "time_entry_id": None,
                    "expense_id": None,
                    "product_id": None,
                    "period_start": None,
                    "period_end": None,
                }
                for n, line_id in enumerate(line_ids)
            ],
        )
        keys = [f"time_entry:{row[0]}" for row in rows] + [f"expense:{row[0]}" for row in expenses]
        keys += [f"bench:{n}" for n in range(max(0, locks - len(keys)))]
        c.execute(
            sa.insert(table(BilledSource)),
            [
                {
                    "source_key": key,
                    "invoice_id": ids[n % len(ids)],
                    "invoice_line_id": line_ids[n % len(line_ids)],
                }
                for n, key in enumerate(keys[:locks])
            ],
        )
        c.rollback()
    return time.perf_counter() - begun


def fresh_engine(url: str | None) -> sa.Engine:
    """An empty, migrated database: a new SQLite file when no URL is given; a PostgreSQL
    database has its schema public dropped and created again first (as tests/conftest.py
    does), so everything in it is lost."""
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="bench-batch-"))
        url = f"sqlite:///{folder / 'bench.db'}"
    engine = create_db_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as c:
            c.execute(sa.text("DROP SCHEMA public CASCADE"))
            c.execute(sa.text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: a fresh temporary SQLite file; a PostgreSQL database is wiped first",
    )
    args = parser.parse_args()
    engine = fresh_engine(args.database_url)
    made = generate(engine, args.customers, random.Random(args.seed))
    settle(engine)
    print(f"database: {engine.dialect.name}")
    print("generated:", ", ".join(f"{v:,} {k}" for k, v in made.items()))

    with Session(engine) as session:
        begun = time.perf_counter()
        preview = preview_batch(session, SYSTEM, START, END, RunFilters())
        preview_s = time.perf_counter() - begun
    lines = sum(len(i.lines) for i in preview.invoices)
    locks = len({key for i in preview.invoices for line in i.lines for key in line.source_keys})
    print(
        f"preview: {preview_s:6.2f} s  ({len(preview.invoices):,} invoices, {lines:,} lines, "
        f"{len(preview.exceptions):,} exceptions, {locks:,} locks)"
    )
    base_s = baseline(engine, len(preview.invoices), lines, locks)
    with Session(engine) as session:
        begun = time.perf_counter()
        save_batch(session, SYSTEM, "Bench October", START, END, RunFilters())
        session.commit()
        save_s = time.perf_counter() - begun
    print(f"save:    {save_s:6.2f} s  (preview inside it, in one transaction)")
    print(f"baseline (Core: SELECTs, plain executemany INSERTs): {base_s:6.2f} s")
    print(f"save / baseline: {save_s / base_s:4.1f}x   preview + save: {preview_s + save_s:6.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
