"""Checked on the server by every use-case: a refused attempt is refused and audited."""

from __future__ import annotations

from sqlmodel import Session

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission, can
from billing_app.models import AuditEvent
from billing_app.services.actor import Actor


def refuse(session: Session, actor: Actor, what: str, detail: str) -> BillingError:
    """Record the refusal in its own transaction (the caller's rolls back) and build the error.

    Call it before the use-case writes anything: on SQLite a second writer waits for the first.
    """
    with Session(session.get_bind()) as audit_session:
        audit_session.add(
            AuditEvent(actor=actor.email, action="refused", entity="permission", details=detail)
        )
        audit_session.commit()
    return BillingError(
        "forbidden",
        f"Your role ({actor.role.label}) cannot {what}; ask an admin if you need to.",
    )


def require(session: Session, actor: Actor, permission: Permission, what: str) -> None:
    if not can(actor.role, permission):
        raise refuse(session, actor, what, f"{permission.value}: {what}")
