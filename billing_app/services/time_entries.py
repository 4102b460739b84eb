"""Changing a time entry: only its own technician (or billing staff), and never once billed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission, can_edit_work_of
from billing_app.domain.work import LineKind
from billing_app.models import TimeEntry
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import refuse, require
from billing_app.services.locks import billed_on, locked_message

MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class TimeEntryChanges:
    duration_minutes: int | None = None
    billable: bool | None = None
    work_type: str | None = None
    notes: str | None = None


def update_time_entry(
    session: Session, actor: Actor, entry_id: int, changes: TimeEntryChanges
) -> TimeEntry:
    require(session, actor, Permission.LOG_OWN_WORK, "change time entries")
    entry = session.get(TimeEntry, entry_id)
    if entry is None:
        raise BillingError("time_entry_not_found", "That time entry no longer exists.")
    if not can_edit_work_of(actor.role, own=entry.user_id == actor.user_id):
        raise refuse(
            session, actor, "change another technician's time entry",
            f"edit_any_work: time entry {entry_id}",
        )  # fmt: skip
    if where := billed_on(session, LineKind.TIME_ENTRY, entry_id):
        raise locked_message(f"Time entry #{entry_id}", where, "changing it")
    if changes.duration_minutes is not None and not 0 < changes.duration_minutes <= MAX_MINUTES:
        raise BillingError(
            "invalid_duration",
            f"A duration of {changes.duration_minutes} minutes is not possible; "
            f"enter between 1 and {MAX_MINUTES} minutes.",
        )
    before = f"{entry.duration_minutes} min"
    for field in ("duration_minutes", "billable", "work_type", "notes"):
        if (value := getattr(changes, field)) is not None:
            setattr(entry, field, value)
    session.flush()
    record_audit(
        session, actor, "time_entry_changed", entity="time_entry", entity_id=entry_id,
        from_value=before, to_value=f"{entry.duration_minutes} min",
    )  # fmt: skip
    return entry
