"""Benchmark: preview and save one batch that bills a whole busy month (issue 4).

    .venv/bin/python -m bench.batch --customers 1000

Generates, on a fresh SQLite file, 1.5 contracts, 20 closed tickets, 100 time entries and
10 expenses per customer in October 2026 (all contract types), then times preview_batch and
save_batch. In the same run, a baseline with SQLAlchemy Core only: one SELECT of the
billable rows, one executemany INSERT of as many invoices and lines, one executemany INSERT
of the locks. Prints both, their ratio, and the peak memory of the process.
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

from bench.seed import insert_account, insert_customers, table
from billing_app.db import create_db_engine
from billing_app.domain.contracts import ContractType, ProjectBilling
from billing_app.domain.work import TicketStatus
from billing_app.migrations import upgrade
from billing_app.models import (
    Contract,
    ContractMilestone,
    ContractUnitLine,
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
    return {
        "customers": customers,
        "contracts": len(contracts),
        "tickets": len(tickets),
        "time entries": len(entries),
        "expenses": len(expenses),
    }


def baseline(engine: sa.Engine, invoices: int, lines: int) -> float:
    """The least any implementation must do: read the billable rows, write the rows."""
    begun = time.perf_counter()
    with engine.begin() as c:
        rows = c.execute(
            sa.select(
                table(TimeEntry).c.id,
                table(TimeEntry).c.duration_minutes,
                table(TimeEntry).c.contract_id,
            )
        ).all()
        c.execute(sa.select(table(Expense).c.id, table(Expense).c.amount)).all()
        now = dt.datetime.now(dt.UTC)
        ids = (
            c.execute(
                sa.insert(table(Invoice)).returning(
                    table(Invoice).c.id, sort_by_parameter_order=True
                ),
                [
                    {
                        "customer_id": 1,
                        "contract_id": None,
                        "batch_id": None,
                        "status": "draft",
                        "currency": "EUR",
                        "prices_include_tax": False,
                        "net_total": D(1),
                        "tax_total": D(0),
                        "total": D(1),
                        "amount_paid": D(0),
                        "notes": "",
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for _ in range(invoices)
                ],
            )
            .scalars()
            .all()
        )
        line_ids = (
            c.execute(
                sa.insert(table(InvoiceLine)).returning(
                    table(InvoiceLine).c.id, sort_by_parameter_order=True
                ),
                [
                    {
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
                    }
                    for n in range(lines)
                ],
            )
            .scalars()
            .all()
        )
        c.execute(
            sa.insert(
                sa.table(
                    "billed_source",
                    sa.column("source_key"),
                    sa.column("invoice_id"),
                    sa.column("invoice_line_id"),
                )
            ),
            [
                {
                    "source_key": f"time_entry:{row[0]}",
                    "invoice_id": ids[0],
                    "invoice_line_id": line_ids[n % len(line_ids)],
                }
                for n, row in enumerate(rows)
            ],
        )
        c.rollback()
    return time.perf_counter() - begun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    engine = create_db_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    made = generate(engine, args.customers, random.Random(args.seed))
    print("generated:", ", ".join(f"{v:,} {k}" for k, v in made.items()))

    with Session(engine) as session:
        begun = time.perf_counter()
        preview = preview_batch(session, SYSTEM, START, END, RunFilters())
        preview_s = time.perf_counter() - begun
    lines = sum(len(i.lines) for i in preview.invoices)
    print(
        f"preview: {preview_s:6.2f} s  ({len(preview.invoices):,} invoices, {lines:,} lines, "
        f"{len(preview.exceptions):,} exceptions)"
    )
    base_s = baseline(engine, len(preview.invoices), lines)
    with Session(engine) as session:
        begun = time.perf_counter()
        save_batch(session, SYSTEM, "Bench October", START, END, RunFilters())
        session.commit()
        save_s = time.perf_counter() - begun
    print(f"save:    {save_s:6.2f} s  (preview inside it, in one transaction)")
    print(f"baseline (Core: 1 SELECT, executemany INSERTs): {base_s:6.2f} s")
    print(f"save / baseline: {save_s / base_s:4.1f}x   preview + save: {preview_s + save_s:6.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
