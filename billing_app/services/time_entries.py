"""Changing a time entry: only its own technician (or billing staff), and never once billed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission, can_edit_work_of
from billing_app.domain.work import LineKind, source_key
from billing_app.models import BilledSource, Invoice, InvoiceBatch, TimeEntry
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import refuse, require

MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class TimeEntryChanges:
    duration_minutes: int | None = None
    billable: bool | None = None
    work_type: str | None = None
    notes: str | None = None


def billed_on(session: Session, kind: LineKind, source_id: int) -> str | None:
    """Where a billed source sits, in words, or None when it is not billed."""
    found = session.exec(
        select(Invoice.id, Invoice.number, InvoiceBatch.name)
        .join(BilledSource, col(BilledSource.invoice_id) == Invoice.id)
        .outerjoin(InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id)
        .where(BilledSource.source_key == source_key(kind, source_id))
    ).first()
    if found is None:
        return None
    invoice_id, number, batch = found
    invoice = f"invoice {number}" if number else f"draft invoice #{invoice_id}"
    return f"invoice batch '{batch}' ({invoice})" if batch else invoice


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
        raise BillingError(
            "work_locked",
            f"Time entry #{entry_id} is billed on {where}; delete that batch or remove the "
            "line from the draft before changing it.",
        )
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
