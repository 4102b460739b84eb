"""The audit trail: who did what, when, from what to what, and how (invariant 6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.roles import Permission
from billing_app.domain.status import Via
from billing_app.models import AuditEvent, Invoice
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.paging import one_page


def record_audit(
    session: Session,
    actor: Actor,
    action: str,
    *,
    entity: str,
    entity_id: int | None = None,
    invoice_id: int | None = None,
    from_value: str = "",
    to_value: str = "",
    via: Via = Via.MANUAL,
    details: str = "",
) -> AuditEvent:
    event = AuditEvent(
        actor=actor.email,
        action=action,
        entity=entity,
        entity_id=entity_id,
        invoice_id=invoice_id,
        from_value=from_value,
        to_value=to_value,
        via=via,
        details=details,
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class AuditFilters:
    invoice: str = ""  # an invoice number, or its id
    actor: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    invoice_id: int | None
    invoice_number: str | None
    from_value: str
    to_value: str
    via: Via
    details: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int
    pages: int


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, dt.UTC)


def list_audit(session: Session, actor: Actor, filters: AuditFilters, page: int = 0) -> AuditPage:
    require(session, actor, Permission.VIEW_AUDIT, "see the audit trail")
    query = select(AuditEvent, Invoice.number).outerjoin(
        Invoice, col(Invoice.id) == AuditEvent.invoice_id
    )
    if filters.invoice.strip():
        wanted = filters.invoice.strip()
        by_number = col(Invoice.number) == wanted
        query = query.where(
            by_number | (col(AuditEvent.invoice_id) == int(wanted))
            if wanted.isdigit()
            else by_number
        )
    if filters.actor:
        query = query.where(col(AuditEvent.actor) == filters.actor)
    if filters.action:
        query = query.where(col(AuditEvent.action) == filters.action)
    if filters.since:
        query = query.where(col(AuditEvent.at) >= _day_start(filters.since))
    if filters.until:
        query = query.where(col(AuditEvent.at) < _day_start(filters.until + dt.timedelta(days=1)))
    cut = one_page(
        session, query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()), page
    )
    rows = [_row(event, number) for event, number in cut.results]
    return AuditPage(rows=rows, total=cut.total, page=cut.page, pages=cut.pages)


def invoice_history(session: Session, actor: Actor, invoice_id: int) -> list[AuditRow]:
    """One invoice's own history, oldest first."""
    require(session, actor, Permission.VIEW_BILLING, "see an invoice's history")
    results = session.exec(
        select(AuditEvent, Invoice.number)
        .outerjoin(Invoice, col(Invoice.id) == AuditEvent.invoice_id)
        .where(col(AuditEvent.invoice_id) == invoice_id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    return [_row(event, number) for event, number in results]


def audit_choices(session: Session, actor: Actor) -> tuple[list[str], list[str]]:
    """The people and kinds of event the filters offer."""
    require(session, actor, Permission.VIEW_AUDIT, "see the audit trail")
    actors = session.exec(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)).all()
    actions = session.exec(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return list(actors), list(actions)


def _row(event: AuditEvent, number: str | None) -> AuditRow:
    assert event.id is not None
    return AuditRow(
        id=event.id,
        at=event.at,
        actor=event.actor,
        action=event.action,
        entity=event.entity,
        entity_id=event.entity_id,
        invoice_id=event.invoice_id,
        invoice_number=number,
        from_value=event.from_value,
        to_value=event.to_value,
        via=event.via,
        details=event.details,
    )
