"""A cheap fingerprint of the billing data: when it changes, open pages reload.

Pages ask for it every second through their websocket; it works the same with one
worker or several behind Redis, because the answer comes from the database.
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from billing_app.domain.roles import Permission
from billing_app.models import AuditEvent, Invoice, InvoiceBatch
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


def billing_fingerprint(session: Session, actor: Actor) -> str:
    require(session, actor, Permission.VIEW_BILLING, "see invoices")
    # Two queries: each is answered from an index alone, together they would scan.
    invoices = session.exec(select(func.count()).select_from(Invoice)).one()
    changed = session.exec(select(func.max(Invoice.updated_at))).one()
    batches = session.exec(select(func.count()).select_from(InvoiceBatch)).one()
    last_event = session.exec(select(func.max(AuditEvent.id))).one()
    return f"{invoices}:{changed}:{batches}:{last_event}"
