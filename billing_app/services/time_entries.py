"""Time entries: logging and changing one (a dialog or a CSV row).

Only its own technician (or billing staff) changes an entry, and never once billed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Permission
from billing_app.domain.typed_text import (
    format_duration,
    parse_clock,
    parse_day,
    parse_duration,
    parse_flag,
    read_field,
)
from billing_app.domain.work import LineKind
from billing_app.models import TimeEntry
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.work_changes import guard_change, who_logs
from billing_app.services.work_refs import contract_name, customer_name, find_refs

DEFAULT_WORK_TYPE = "Remote support"


@dataclass(frozen=True)
class TimeEntryInput:
    """A time entry as typed. Duration: minutes ("90") or hours:minutes ("1:30")."""

    customer: str
    started_on: str
    duration: str
    ticket: str = ""  # its number; a ticket or a contract is needed
    contract: str = ""
    technician: str = ""  # empty: who logs it
    started_time: str = ""  # HH:MM, UTC; empty: 00:00
    billable: str = "yes"
    work_type: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CheckedTimeEntry:
    customer_id: int
    ticket_id: int | None
    contract_id: int | None
    started_at: dt.datetime
    duration_minutes: int
    billable: bool
    work_type: str
    notes: str
    technician: str


def check_time_entry(
    session: Session, data: TimeEntryInput
) -> tuple[dict[str, str], CheckedTimeEntry]:
    errors: dict[str, str] = {}
    refs = find_refs(session, data.customer, data.ticket, data.contract, errors)
    if refs.customer and not refs.ticket and not refs.contract_id and not errors:
        errors["ticket"] = "Give the ticket number or the contract the time is billed on."
    day = read_field(errors, "started_on", parse_day, data.started_on, dt.date(2000, 1, 1))
    clock = read_field(errors, "started_time", parse_clock, data.started_time, dt.time(0, 0))
    minutes = read_field(errors, "duration", parse_duration, data.duration, 1)
    billable = read_field(errors, "billable", parse_flag, data.billable, True)
    if len(data.notes) > 2000:
        errors["notes"] = "Keep the notes under 2,000 characters."
    if len(data.work_type.strip()) > 60:
        errors["work_type"] = "Keep the work type under 60 characters."
    checked = CheckedTimeEntry(
        customer_id=(refs.customer.id or 0) if refs.customer else 0,
        ticket_id=refs.ticket.id if refs.ticket else None, contract_id=refs.contract_id,
        started_at=dt.datetime.combine(day, clock, dt.UTC),
        duration_minutes=minutes,
        billable=billable, work_type=data.work_type.strip() or DEFAULT_WORK_TYPE,
        notes=data.notes.strip(), technician=data.technician,
    )  # fmt: skip
    return errors, checked


def _checked_or_raise(session: Session, data: TimeEntryInput) -> CheckedTimeEntry:
    errors, checked = check_time_entry(session, data)
    if errors:
        raise FieldErrors("invalid_time_entry", errors)
    return checked


def _apply(session: Session, actor: Actor, entry: TimeEntry, checked: CheckedTimeEntry) -> None:
    entry.technician, entry.user_id = who_logs(session, actor, checked.technician)
    entry.customer_id, entry.ticket_id = checked.customer_id, checked.ticket_id
    entry.contract_id, entry.started_at = checked.contract_id, checked.started_at
    entry.duration_minutes, entry.billable = checked.duration_minutes, checked.billable
    entry.work_type, entry.notes = checked.work_type, checked.notes


def add_time_entry(session: Session, actor: Actor, checked: CheckedTimeEntry) -> TimeEntry:
    """Insert a checked entry; the caller has checked the permission and audits."""
    entry = TimeEntry(customer_id=0, technician="", started_at=checked.started_at,
                      duration_minutes=checked.duration_minutes)  # fmt: skip
    _apply(session, actor, entry, checked)
    session.add(entry)
    session.flush()
    return entry


def create_time_entry(session: Session, actor: Actor, data: TimeEntryInput) -> int:
    require(session, actor, Permission.LOG_OWN_WORK, "log time")
    entry = add_time_entry(session, actor, _checked_or_raise(session, data))
    record_audit(session, actor, "time_entry_created", entity="time_entry", entity_id=entry.id,
                 to_value=f"{entry.duration_minutes} min")  # fmt: skip
    assert entry.id is not None
    return entry.id


def _entry(session: Session, entry_id: int) -> TimeEntry:
    entry = session.get(TimeEntry, entry_id)
    if entry is None:
        raise BillingError("time_entry_not_found", "That time entry no longer exists; reload.")
    return entry


def update_time_entry(
    session: Session, actor: Actor, entry_id: int, data: TimeEntryInput
) -> TimeEntry:
    require(session, actor, Permission.LOG_OWN_WORK, "change time entries")
    entry = _entry(session, entry_id)
    guard_change(session, actor, LineKind.TIME_ENTRY, entry_id, entry.user_id)
    checked = _checked_or_raise(session, data)
    before = f"{entry.duration_minutes} min"
    _apply(session, actor, entry, checked)
    session.flush()
    record_audit(
        session, actor, "time_entry_changed", entity="time_entry", entity_id=entry_id,
        from_value=before, to_value=f"{entry.duration_minutes} min",
    )  # fmt: skip
    return entry


def time_entry_input(session: Session, actor: Actor, entry_id: int) -> TimeEntryInput:
    """An entry as its edit dialog shows it, and as `update_time_entry` reads it back."""
    require(session, actor, Permission.VIEW_WORK, "see time entries")
    entry = _entry(session, entry_id)
    return TimeEntryInput(
        customer=customer_name(session, entry.customer_id),
        started_on=entry.started_at.date().isoformat(),
        duration=format_duration(entry.duration_minutes),
        ticket=str(entry.ticket_id or ""), contract=contract_name(session, entry.contract_id),
        technician=entry.technician, started_time=entry.started_at.strftime("%H:%M"),
        billable="yes" if entry.billable else "no", work_type=entry.work_type, notes=entry.notes,
    )  # fmt: skip
