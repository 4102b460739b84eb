"""Who logs a time entry or expense, and who may still change one (own work, not billed)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col, select

from billing_app.domain.roles import Permission, can, can_edit_work_of
from billing_app.domain.work import LineKind
from billing_app.models import User
from billing_app.services.actor import Actor
from billing_app.services.authorization import refuse
from billing_app.services.locks import billed_on, locked_message


def who_logs(session: Session, actor: Actor, technician: str) -> tuple[str, int | None]:
    """A technician logs their own work; billing staff may log it for a named colleague."""
    name = technician.strip()
    if not can(actor.role, Permission.EDIT_ANY_WORK) or not name or name == actor.name:
        return actor.name, actor.user_id
    user_id = session.exec(
        select(User.id).where(sa.func.lower(col(User.name)) == name.lower())
    ).first()
    return name, user_id


def guard_change(
    session: Session, actor: Actor, kind: LineKind, source_id: int, owner_id: int | None
) -> None:
    """Refuse another technician's work, and billed work, before anything is written."""
    what = kind.value.replace("_", " ")
    if not can_edit_work_of(actor.role, own=owner_id == actor.user_id):
        raise refuse(
            session,
            actor,
            f"change another technician's {what}",
            f"edit_any_work: {what} {source_id}",
        )
    if where := billed_on(session, kind, source_id):
        raise locked_message(f"{what.capitalize()} #{source_id}", where, "changing it")
