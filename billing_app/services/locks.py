"""Billed work is locked: where it is billed, in words, and the refusal that says so."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from billing_app.domain.errors import BillingError
from billing_app.domain.work import LineKind, source_key
from billing_app.models import BilledSource, Invoice, InvoiceBatch, TimeEntry


def billed_on(session: Session, kind: LineKind, source_id: int) -> str | None:
    """Where a billed source sits, in words, or None when it is not billed."""
    found = session.exec(
        select(Invoice.id, Invoice.number, InvoiceBatch.name)
        .join(BilledSource, col(BilledSource.invoice_id) == Invoice.id)
        .outerjoin(InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id)
        .where(BilledSource.source_key == source_key(kind, source_id))
    ).first()
    return _in_words(*found) if found else None


def contract_billed_on(session: Session, contract_id: int) -> str | None:
    """Where a contract was billed (its first invoice), in words, or None when never billed."""
    found = session.exec(
        select(Invoice.id, Invoice.number, InvoiceBatch.name)
        .outerjoin(InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id)
        .where(Invoice.contract_id == contract_id)
        .order_by(col(Invoice.id))
    ).first()
    return _in_words(*found) if found else None


def _in_words(invoice_id: int | None, number: str | None, batch: str | None) -> str:
    invoice = f"invoice {number}" if number else f"draft invoice #{invoice_id}"
    return f"invoice batch '{batch}' ({invoice})" if batch else invoice


def ticket_billed_on(session: Session, ticket_id: int) -> str | None:
    """A ticket is billed when it, or any of its time entries, is on an invoice."""
    if where := billed_on(session, LineKind.TICKET, ticket_id):
        return where
    entry_ids = session.exec(select(TimeEntry.id).where(TimeEntry.ticket_id == ticket_id)).all()
    return next(
        (
            w
            for e in entry_ids
            if e is not None and (w := billed_on(session, LineKind.TIME_ENTRY, e))
        ),
        None,
    )


def locked_message(what: str, where: str, doing: str) -> BillingError:
    return BillingError(
        "work_locked",
        f"{what} is billed on {where}; delete that batch or remove the line from the draft "
        f"before {doing}.",
    )


def billed_in(session: Session, keys: list[str]) -> dict[str, str]:
    """Source key → the batch name (or "invoice #id") of the invoice holding it, for a list."""
    holder = sa.func.coalesce(
        col(InvoiceBatch.name), sa.literal("invoice #").concat(sa.cast(col(Invoice.id), sa.String))
    )
    found = session.exec(
        select(BilledSource.source_key, holder)
        .join(Invoice, col(Invoice.id) == BilledSource.invoice_id)
        .outerjoin(InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id)
        .where(col(BilledSource.source_key).in_(keys))
    ).all()
    return dict(found)
