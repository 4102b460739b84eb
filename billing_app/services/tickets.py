"""Tickets: opening and changing one (a dialog or a CSV row), and its status.

A billed ticket cannot be reopened or edited (invariant 3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Permission
from billing_app.domain.typed_text import parse_day
from billing_app.domain.work import TicketStatus
from billing_app.models import Expense, Ticket, TimeEntry
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.locks import locked_message, ticket_billed_on
from billing_app.services.work_refs import contract_name, customer_name, find_refs

STATUS_WORDS = ", ".join(status.value.capitalize() for status in TicketStatus)


@dataclass(frozen=True)
class TicketInput:
    """A ticket as typed; empty status is Open, empty opened date is today."""

    customer: str
    subject: str
    contract: str = ""
    technician: str = ""
    opened_on: str = ""
    status: str = ""


@dataclass(frozen=True)
class CheckedTicket:
    customer_id: int
    contract_id: int | None
    subject: str
    technician: str
    opened_on: dt.date
    status: TicketStatus


def _status(text: str, errors: dict[str, str]) -> TicketStatus:
    try:
        return TicketStatus(text.strip().lower() or TicketStatus.OPEN)
    except ValueError:
        errors["status"] = f"'{text}' is not a ticket status; use one of {STATUS_WORDS}."
        return TicketStatus.OPEN


def check_ticket(session: Session, data: TicketInput) -> tuple[dict[str, str], CheckedTicket]:
    errors: dict[str, str] = {}
    refs = find_refs(session, data.customer, "", data.contract, errors)
    if not data.subject.strip():
        errors["subject"] = "Write what the ticket is about."
    elif len(data.subject.strip()) > 300:
        errors["subject"] = "Keep the subject under 300 characters."
    opened_on = utcnow().date()
    if data.opened_on.strip():
        try:
            opened_on = parse_day(data.opened_on)
        except BillingError as error:
            errors["opened_on"] = error.message
    checked = CheckedTicket(
        customer_id=(refs.customer.id or 0) if refs.customer else 0,
        contract_id=refs.contract_id, subject=data.subject.strip(),
        technician=data.technician.strip(), opened_on=opened_on,
        status=_status(data.status, errors),
    )  # fmt: skip
    return errors, checked


def _checked_or_raise(session: Session, data: TicketInput) -> CheckedTicket:
    errors, checked = check_ticket(session, data)
    if errors:
        raise FieldErrors("invalid_ticket", errors)
    return checked


def _opened_at(day: dt.date, before: dt.datetime | None) -> dt.datetime:
    if before is not None and before.date() == day:
        return before
    now = utcnow()
    return now if day == now.date() else dt.datetime.combine(day, dt.time(0, 0), dt.UTC)


def _apply(ticket: Ticket, checked: CheckedTicket, actor: Actor) -> None:
    ticket.customer_id, ticket.contract_id = checked.customer_id, checked.contract_id
    ticket.subject = checked.subject
    ticket.technician = checked.technician or ticket.technician or actor.name
    ticket.opened_at = _opened_at(checked.opened_on, ticket.opened_at if ticket.id else None)
    if checked.status != ticket.status or ticket.id is None:
        ticket.resolved_at = utcnow() if checked.status.billable else None
    ticket.status = checked.status


def add_ticket(session: Session, actor: Actor, checked: CheckedTicket) -> Ticket:
    """Insert a checked ticket; the caller has checked the permission and audits."""
    ticket = Ticket(customer_id=checked.customer_id, subject=checked.subject)
    _apply(ticket, checked, actor)
    session.add(ticket)
    session.flush()
    return ticket


def create_ticket(session: Session, actor: Actor, data: TicketInput) -> int:
    require(session, actor, Permission.LOG_OWN_WORK, "open tickets")
    ticket = add_ticket(session, actor, _checked_or_raise(session, data))
    record_audit(session, actor, "ticket_created", entity="ticket", entity_id=ticket.id,
                 to_value=ticket.subject)  # fmt: skip
    assert ticket.id is not None
    return ticket.id


def _ticket(session: Session, ticket_id: int) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise BillingError("ticket_not_found", "That ticket no longer exists; reload the page.")
    return ticket


def _has_work(session: Session, ticket_id: int) -> bool:
    return any(
        session.exec(select(table.id).where(col(table.ticket_id) == ticket_id)).first()
        for table in (TimeEntry, Expense)
    )


def update_ticket(session: Session, actor: Actor, ticket_id: int, data: TicketInput) -> None:
    require(session, actor, Permission.LOG_OWN_WORK, "change tickets")
    ticket = _ticket(session, ticket_id)
    if where := ticket_billed_on(session, ticket_id):
        raise locked_message(f"Ticket #{ticket_id}", where, "changing it")
    checked = _checked_or_raise(session, data)
    if checked.customer_id != ticket.customer_id and _has_work(session, ticket_id):
        message = (
            f"Ticket #{ticket_id} has time or expenses logged for its customer; "
            "open a new ticket for the other customer instead."
        )
        raise FieldErrors("ticket_has_work", {"customer": message})
    before = ticket.subject
    _apply(ticket, checked, actor)
    session.flush()
    record_audit(session, actor, "ticket_changed", entity="ticket", entity_id=ticket_id,
                 from_value=before, to_value=ticket.subject)  # fmt: skip


def ticket_input(session: Session, actor: Actor, ticket_id: int) -> TicketInput:
    """A ticket as its edit dialog shows it."""
    require(session, actor, Permission.VIEW_WORK, "see tickets")
    ticket = _ticket(session, ticket_id)
    return TicketInput(
        customer=customer_name(session, ticket.customer_id), subject=ticket.subject,
        contract=contract_name(session, ticket.contract_id), technician=ticket.technician,
        opened_on=ticket.opened_at.date().isoformat(), status=ticket.status.value.capitalize(),
    )  # fmt: skip


def set_ticket_status(
    session: Session, actor: Actor, ticket_id: int, status: TicketStatus
) -> Ticket:
    require(session, actor, Permission.LOG_OWN_WORK, "change tickets")
    ticket = _ticket(session, ticket_id)
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
