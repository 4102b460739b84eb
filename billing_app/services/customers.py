"""Customers as the pickers of other pages need them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from billing_app.domain.roles import Permission
from billing_app.models import Customer
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


def customer_choices(session: Session, actor: Actor) -> list[tuple[int, str]]:
    require(session, actor, Permission.VIEW_BILLING, "see customers")
    rows = session.exec(
        select(Customer.id, Customer.name).where(col(Customer.active)).order_by(col(Customer.name))
    ).all()
    return [(customer_id, name) for customer_id, name in rows if customer_id is not None]
