"""Changing a ticket's status: a billed ticket cannot be reopened (invariant 3)."""

from __future__ import annotations

from sqlmodel import Session

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.work import TicketStatus
from billing_app.models import Ticket
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.locks import locked_message, ticket_billed_on


def set_ticket_status(
    session: Session, actor: Actor, ticket_id: int, status: TicketStatus
) -> Ticket:
    require(session, actor, Permission.LOG_OWN_WORK, "change tickets")
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise BillingError("ticket_not_found", "That ticket no longer exists; reload the page.")
    if ticket.status == status:
        return ticket
    if not status.billable and (where := ticket_billed_on(session, ticket_id)):
        raise locked_message(f"Ticket #{ticket_id}", where, "reopening it")
    record_audit(
        session, actor, "ticket_status_changed", entity="ticket", entity_id=ticket_id,
        from_value=ticket.status.value, to_value=status.value,
    )  # fmt: skip
    ticket.status = status
    ticket.resolved_at = utcnow() if status.billable else None
    session.flush()
    return ticket
