"""The tickets list: one page, searched and filtered in SQL, with the batch that billed each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from billing_app.domain.roles import Permission, can
from billing_app.domain.work import TicketStatus
from billing_app.models import Customer, Ticket, TimeEntry
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.locks import billed_in
from billing_app.services.paging import one_page, search_clause


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
    editable: bool  # not billed, and the one looking may change tickets


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
    return {owner[key]: where for key, where in billed_in(session, list(owner)).items()}


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
    found = search_clause(search, col(Ticket.subject), col(Customer.name), numbers=[col(Ticket.id)])
    if found is not None:
        query = query.where(found)
    newest_first = query.order_by(col(Ticket.opened_at).desc(), col(Ticket.id).desc())
    cut = one_page(session, newest_first, page)
    results = cut.results
    billed = _billed_in(session, [t.id for t, _, _ in results if t.id is not None])
    rows = [
        TicketRow(t.id or 0, t.subject, customer, t.status, t.technician, t.opened_at,
                  int(total_minutes), billed.get(t.id or 0),
                  t.id not in billed and can(actor.role, Permission.LOG_OWN_WORK))
        for t, customer, total_minutes in results
    ]  # fmt: skip
    return TicketPage(rows=rows, total=cut.total, page=cut.page, pages=cut.pages)
