"""The batches list and one batch's summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from billing_app.domain.errors import BillingError
from billing_app.domain.money import ZERO
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.models import Invoice, InvoiceBatch, InvoiceLine, Ticket
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


@dataclass(frozen=True)
class BatchRow:
    id: int
    name: str
    period_start: dt.date
    period_end: dt.date
    created_at: dt.datetime
    invoices: int
    totals: dict[str, Decimal]  # per currency
    by_status: dict[InvoiceStatus, int]


@dataclass(frozen=True)
class LockedTicket:
    id: int
    subject: str


def _rows(session: Session, batches: list[InvoiceBatch]) -> list[BatchRow]:
    ids = [b.id for b in batches]
    totals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    statuses: dict[int, Counter[InvoiceStatus]] = defaultdict(Counter)
    grouped = session.connection().execute(
        sa.select(
            col(Invoice.batch_id), col(Invoice.currency), col(Invoice.status), func.count(),
            func.sum(col(Invoice.total)),
        )
        .where(col(Invoice.batch_id).in_(ids))
        .group_by(col(Invoice.batch_id), col(Invoice.currency), col(Invoice.status))
    )  # fmt: skip
    for batch_id, currency, status, count, total in grouped:
        assert batch_id is not None
        totals[batch_id][currency] = totals[batch_id].get(currency, ZERO) + (total or ZERO)
        statuses[batch_id][status] += count
    return [
        BatchRow(
            id=b.id, name=b.name, period_start=b.period_start, period_end=b.period_end,
            created_at=b.created_at, invoices=sum(statuses[b.id].values()),
            totals=dict(sorted(totals[b.id].items())), by_status=dict(statuses[b.id]),
        )
        for b in batches
        if b.id is not None
    ]  # fmt: skip


def list_batches(session: Session, actor: Actor) -> list[BatchRow]:
    """Newest first."""
    require(session, actor, Permission.VIEW_BILLING, "see batches")
    batches = session.exec(select(InvoiceBatch).order_by(col(InvoiceBatch.created_at).desc())).all()
    return _rows(session, list(batches))


def batch_summary(
    session: Session, actor: Actor, batch_id: int
) -> tuple[BatchRow, list[LockedTicket]]:
    require(session, actor, Permission.VIEW_BILLING, "see batches")
    batch = session.get(InvoiceBatch, batch_id)
    if batch is None:
        raise BillingError("batch_not_found", "That batch does not exist (any more).")
    (row,) = _rows(session, [batch])
    tickets = session.exec(
        select(Ticket.id, Ticket.subject)
        .join(InvoiceLine, col(InvoiceLine.ticket_id) == Ticket.id)
        .join(Invoice, col(Invoice.id) == InvoiceLine.invoice_id)
        .where(
            Invoice.batch_id == batch_id,
            col(InvoiceLine.kind).in_((LineKind.TICKET, LineKind.TIME_ENTRY)),
        )  # an expense of a ticket does not lock the ticket
        .distinct()
        .order_by(col(Ticket.id))
    ).all()
    return row, [LockedTicket(t_id or 0, subject) for t_id, subject in tickets]
