"""Saving a batch: its Draft invoices and the locks on every source they bill, at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from billing_app.domain.errors import BillingError
from billing_app.domain.money import ZERO
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.models import BilledSource, BlockBalance, Invoice, InvoiceBatch, InvoiceLine
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.pricing import InvoicePreview, price_period
from billing_app.services.bulk import collector_paused

ALREADY_BILLED = (
    "Some of this work was billed by another batch saved at the same time; preview the batch "
    "again and save what is left."
)


@dataclass(frozen=True)
class SavedBatch:
    batch_id: int
    invoice_ids: list[int]


def _check_name(session: Session, name: str) -> str:
    name = name.strip()
    if not name:
        raise BillingError("invalid_batch_name", "Give the batch a name, e.g. 'October 2026'.")
    if session.exec(select(InvoiceBatch.id).where(InvoiceBatch.name == name)).first():
        raise BillingError(
            "duplicate_batch_name", f"A batch called '{name}' exists already; choose another name."
        )
    return name


def _new_ids(session: Session, table: sa.Table, count: int) -> list[int]:
    """`count` fresh ids for `table`, ascending, that no concurrent writer can also take.

    PostgreSQL: drawn from the table's own id sequence in one query; a sequence never hands
    out a value twice, whatever other transactions do (max(id) would be unsafe there: two
    transactions would read the same maximum). SQLite: the caller has already written in this
    transaction (save_batch flushes the batch row first), so this connection holds the
    database's only write lock until commit and, in WAL mode, reads the newest data: no
    other writer can add rows between our max(id) and our INSERT, so max(id) + 1 onwards
    is free (the tables have no AUTOINCREMENT, so SQLite would pick the same ids itself).
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        drawn = connection.execute(
            sa.text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"table": table.name, "count": count},
        ).scalars()
        return sorted(drawn)
    last = connection.execute(sa.select(sa.func.max(table.c.id))).scalar_one_or_none() or 0
    return list(range(last + 1, last + 1 + count))


def _insert(session: Session, model: type[SQLModel], rows: list[dict[str, object]]) -> list[int]:
    """Many rows in one executemany; their new ids in the order given. The ids are
    allocated up front (`_new_ids`) and written into `rows`: an INSERT … RETURNING in
    parameter order would run row by row on SQLite."""
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    ids = _new_ids(session, table, len(rows))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    session.execute(sa.insert(table), rows)
    return ids


def _add_invoices(
    session: Session, batch: InvoiceBatch, drafts: list[InvoicePreview], inclusive: bool
) -> list[int]:
    """Invoices, lines, locks and block balances, a few statements per table (a batch can
    hold a hundred thousand lines)."""
    invoice_ids = _insert(session, Invoice, [
        {"customer_id": draft.customer_id, "contract_id": draft.contract_id,
         "batch_id": batch.id, "status": InvoiceStatus.DRAFT, "currency": draft.currency,
         "prices_include_tax": inclusive, "period_start": batch.period_start,
         "period_end": batch.period_end, "net_total": draft.totals.net,
         "tax_total": draft.totals.tax, "total": draft.totals.total, "amount_paid": ZERO,
         "notes": draft.note, "version": 1, "created_at": utcnow(), "updated_at": utcnow()}
        for draft in drafts
    ])  # fmt: skip
    line_rows: list[dict[str, object]] = []
    line_keys: list[tuple[int, tuple[str, ...]]] = []
    for invoice_id, draft in zip(invoice_ids, drafts, strict=True):
        for position, (line, amounts) in enumerate(
            zip(draft.lines, draft.totals.lines, strict=True)
        ):
            line_rows.append(
                {"invoice_id": invoice_id, "position": position, "kind": line.kind,
                 "description": line.description[:1000], "quantity": line.quantity,
                 "unit_price": line.unit_price, "discount": ZERO, "tax_rate": line.tax_rate,
                 "net": amounts.net, "tax": amounts.tax, "contract_id": draft.contract_id,
                 "ticket_id": line.ticket_id, "time_entry_id": line.time_entry_id,
                 "expense_id": line.expense_id, "product_id": line.product_id,
                 "period_start": line.period_start, "period_end": line.period_end}
            )  # fmt: skip
            line_keys.append((invoice_id, line.source_keys))
    line_ids = _insert(session, InvoiceLine, line_rows)
    locks: dict[str, dict[str, object]] = {}  # a ticket split over two rates is locked once
    for line_id, (invoice_id, keys) in zip(line_ids, line_keys, strict=True):
        for key in keys:
            locks.setdefault(key, {"source_key": key, "invoice_id": invoice_id,
                                   "invoice_line_id": line_id})  # fmt: skip
    if locks:
        session.execute(sa.insert(BilledSource.__table__), list(locks.values()))  # type: ignore[attr-defined]
    balances = [
        {"contract_id": draft.contract_id, "invoice_id": invoice_id,
         "period_end": batch.period_end, "balance": draft.balance}
        for invoice_id, draft in zip(invoice_ids, drafts, strict=True)
        if draft.balance is not None
    ]  # fmt: skip
    if balances:
        session.execute(sa.insert(BlockBalance.__table__), balances)  # type: ignore[attr-defined]
    return invoice_ids


def save_batch(
    session: Session,
    actor: Actor,
    name: str,
    start: dt.date,
    end: dt.date,
    filters: RunFilters,
) -> SavedBatch:
    require(session, actor, Permission.CHANGE_BILLING, "save batches")
    name = _check_name(session, name)
    priced = price_period(session, start, end, filters)
    if not priced.invoices:
        raise BillingError(
            "nothing_to_bill", "Nothing is left to bill in that period for those filters."
        )
    batch = InvoiceBatch(name=name, period_start=start, period_end=end, created_by=actor.email)
    session.add(batch)
    try:
        session.flush()
        assert batch.id is not None
        with collector_paused():
            invoice_ids = _add_invoices(session, batch, priced.invoices, priced.prices_include_tax)
    except IntegrityError as error:
        session.rollback()
        reason = str(error.orig).lower()
        if "source_key" in reason:
            raise BillingError("work_already_billed", ALREADY_BILLED) from None
        if "name" in reason:
            raise BillingError(
                "duplicate_batch_name", f"A batch called '{name}' was just saved by someone else."
            ) from None
        raise
    record_audit(
        session, actor, "batch_saved", entity="batch", entity_id=batch.id,
        to_value=f"{len(invoice_ids)} invoices", details=f"{name}: {start} – {end}",
    )  # fmt: skip
    return SavedBatch(batch.id, invoice_ids)
