"""Billed work is locked: where it is billed, in words, and the refusal that says so."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from billing_app.domain.errors import BillingError
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind, source_key
from billing_app.models import BilledSource, Invoice, InvoiceBatch, TimeEntry


@dataclass(frozen=True)
class Holder:
    """The invoice that holds billed work, and what can still free it."""

    invoice_id: int
    number: str | None
    batch: str | None
    status: InvoiceStatus
    batch_deletable: bool  # the batch holds only Drafts

    def __str__(self) -> str:
        invoice = f"invoice {self.number}" if self.number else f"draft invoice #{self.invoice_id}"
        return f"invoice batch '{self.batch}' ({invoice})" if self.batch else invoice


def _holder(session: Session, condition: sa.ColumnElement[bool]) -> Holder | None:
    found = session.execute(
        sa.select(
            col(Invoice.id),
            col(Invoice.number),
            col(InvoiceBatch.name),
            col(Invoice.status),
            col(Invoice.batch_id),
        )
        .outerjoin(InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id)
        .where(condition)
        .order_by(col(Invoice.id))
    ).first()
    if found is None:
        return None
    invoice_id, number, batch, status, batch_id = found
    issued = (
        batch_id is not None
        and session.exec(
            select(Invoice.id).where(
                Invoice.batch_id == batch_id, Invoice.status != InvoiceStatus.DRAFT
            )
        ).first()
    )
    return Holder(invoice_id or 0, number, batch, status, batch_id is not None and not issued)


def billed_on(session: Session, kind: LineKind, source_id: int) -> Holder | None:
    """The invoice holding a billed source, or None when it is not billed."""
    key = source_key(kind, source_id)
    held = sa.exists().where(
        col(BilledSource.invoice_id) == Invoice.id, col(BilledSource.source_key) == key
    )
    return _holder(session, held)


def contract_billed_on(session: Session, contract_id: int) -> Holder | None:
    """Where a contract was billed (its first invoice), or None when never billed."""
    return _holder(session, col(Invoice.contract_id) == contract_id)


def ticket_billed_on(session: Session, ticket_id: int) -> Holder | None:
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


def locked_message(what: str, where: Holder, doing: str) -> BillingError:
    """The refusal, with what is still possible: on a Draft the line can go (or its batch, when
    nothing of it was issued); an issued invoice keeps it, and only a credit note corrects it."""
    if where.status is not InvoiceStatus.DRAFT:
        return BillingError(
            "work_locked",
            f"{what} is billed on {where}, which is {where.status.label}: it can no longer be "
            f"changed there, so {doing} is not possible. Correct that invoice with a credit note "
            "instead.",
        )
    remedy = f"remove its line from draft invoice #{where.invoice_id}"
    if where.batch_deletable:
        remedy += " or delete that batch"
    return BillingError("work_locked", f"{what} is billed on {where}; {remedy} before {doing}.")


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
