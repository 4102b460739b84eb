"""The product catalogue as the invoice builder's picker needs it."""

from __future__ import annotations

from sqlmodel import Session, col, select

from billing_app.domain.roles import Permission
from billing_app.models import Product
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


def product_choices(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """Active products as (id, "SKU · name"), by name."""
    require(session, actor, Permission.VIEW_BILLING, "see products")
    rows = session.exec(
        select(Product.id, Product.sku, Product.name)
        .where(col(Product.active))
        .order_by(col(Product.name))
    ).all()
    return [(pid, f"{sku} · {name}") for pid, sku, name in rows if pid is not None]
