"""The tickets list: one page, searched and filtered in SQL, with the batch that billed each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from billing_app.domain.roles import Permission
from billing_app.domain.work import TicketStatus
from billing_app.models import BilledSource, Customer, Invoice, InvoiceBatch, Ticket, TimeEntry
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.paging import fetch_page


@dataclass(frozen=True)
class TicketRow:
    id: int
    subject: str
    customer: str
    status: TicketStatus
    technician: str
    opened_at: dt.datetime
    minutes: int
    billed_in: str | None  # the batch (or invoice) that locked it


@dataclass(frozen=True)
class TicketPage:
    rows: list[TicketRow]
    total: int
    page: int
    pages: int


def _billed_in(session: Session, ticket_ids: list[int]) -> dict[int, str]:
    """Ticket → the batch name (or "invoice #id") of the invoice holding it or its time."""
    owner = {f"ticket:{tid}": tid for tid in ticket_ids}
    for entry_id, ticket_id in session.exec(
        select(TimeEntry.id, TimeEntry.ticket_id).where(col(TimeEntry.ticket_id).in_(ticket_ids))
    ):
        owner[f"time_entry:{entry_id}"] = ticket_id or 0
    holder = sa.func.coalesce(col(InvoiceBatch.name), sa.literal("invoice #").concat(
        sa.cast(col(Invoice.id), sa.String)))  # fmt: skip
    found = session.exec(
        select(BilledSource.source_key, holder)
        .join(Invoice, col(Invoice.id) == BilledSource.invoice_id)
        .outerjoin(InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id)
        .where(col(BilledSource.source_key).in_(list(owner)))
    ).all()
    return {owner[key]: where for key, where in found}


def list_tickets(
    session: Session, actor: Actor, *, search: str = "", status: TicketStatus | None = None,
    page: int = 0,
) -> TicketPage:  # fmt: skip
    require(session, actor, Permission.VIEW_WORK, "see tickets")
    minutes = (
        select(func.coalesce(func.sum(TimeEntry.duration_minutes), 0))
        .where(col(TimeEntry.ticket_id) == col(Ticket.id))
        .scalar_subquery()
    )
    query = select(Ticket, Customer.name, minutes).join(
        Customer, col(Customer.id) == Ticket.customer_id
    )
    if status is not None:
        query = query.where(col(Ticket.status) == status)
    if text := search.strip().lower():
        pattern = f"%{text}%"
        query = query.where(
            sa.or_(
                sa.func.lower(col(Ticket.subject)).like(pattern),
                sa.func.lower(col(Customer.name)).like(pattern),
                sa.cast(col(Ticket.id), sa.String) == text.lstrip("#"),
            )
        )
    results, paging = fetch_page(
        session, query.order_by(col(Ticket.opened_at).desc(), col(Ticket.id).desc()), page
    )
    billed = _billed_in(session, [t.id for t, _, _ in results if t.id is not None])
    rows = [
        TicketRow(t.id or 0, t.subject, customer, t.status, t.technician, t.opened_at,
                  int(total_minutes), billed.get(t.id or 0))
        for t, customer, total_minutes in results
    ]  # fmt: skip
    return TicketPage(rows=rows, total=paging.total, page=paging.page, pages=paging.pages)
