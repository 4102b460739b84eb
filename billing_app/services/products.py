"""The product catalogue: the list, the picker of the invoice builder, and editing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.money import quantize_quantity
from billing_app.domain.roles import Permission
from billing_app.models import Product
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.invoices.lines import LIMIT
from billing_app.services.paging import ListPage, list_page, one_page, search_clause


def product_choices(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """Active products as (id, "SKU · name"), by name."""
    require(session, actor, Permission.VIEW_BILLING, "see products")
    rows = session.exec(
        select(Product.id, Product.sku, Product.name)
        .where(col(Product.active))
        .order_by(col(Product.name))
    ).all()
    return [(pid, f"{sku} · {name}") for pid, sku, name in rows if pid is not None]


@dataclass(frozen=True)
class ProductRow:
    id: int
    sku: str
    name: str
    unit_price: Decimal
    tax_rate: Decimal
    accounting_item_code: str
    active: bool


@dataclass(frozen=True)
class ProductInput:
    sku: str
    name: str
    unit_price: Decimal
    tax_rate: Decimal
    accounting_item_code: str = ""
    active: bool = True


def list_products(
    session: Session, actor: Actor, search: str = "", page: int = 0
) -> ListPage[ProductRow]:
    require(session, actor, Permission.VIEW_BILLING, "see products")
    query = select(Product).order_by(col(Product.name), col(Product.id))
    if (found := search_clause(search, col(Product.name), col(Product.sku))) is not None:
        query = query.where(found)
    cut = one_page(session, query, page)
    rows = [
        ProductRow(p.id or 0, p.sku, p.name, p.unit_price, p.tax_rate, p.accounting_item_code,
                   p.active)
        for p in cut.results
    ]  # fmt: skip
    return list_page(rows, cut)


def check_product(session: Session, data: ProductInput, product_id: int | None) -> dict[str, str]:
    """Field → what is wrong, for the form to show next to each field."""
    errors: dict[str, str] = {}
    sku = data.sku.strip()
    taken = session.exec(select(Product.id).where(Product.sku == sku)).first() if sku else None
    if not sku:
        errors["sku"] = "Enter the SKU the accounting system knows the product by."
    elif taken is not None and taken != product_id:
        errors["sku"] = f"SKU {sku} is used by another product."
    if not data.name.strip():
        errors["name"] = "Enter the product's name as invoices show it."
    if data.unit_price < 0 or abs(data.unit_price) > LIMIT:
        errors["unit_price"] = "The price must be between 0 and 999,999,999."
    elif data.unit_price != quantize_quantity(data.unit_price):
        errors["unit_price"] = "The price takes at most 4 decimals."
    if not 0 <= data.tax_rate <= 100:
        errors["tax_rate"] = "The tax rate is a percentage between 0 and 100."
    return errors


def save_product(session: Session, actor: Actor, product_id: int | None, data: ProductInput) -> int:
    """Create (no id) or change a product; refused with field messages, nothing saved."""
    require(session, actor, Permission.CHANGE_BILLING, "change the product catalogue")
    if errors := check_product(session, data, product_id):
        raise FieldErrors("invalid_product", errors)
    product = session.get(Product, product_id) if product_id else Product(
        sku="", name="", unit_price=Decimal(0))  # fmt: skip
    if product is None:
        raise BillingError("product_not_found", "That product no longer exists; reload the page.")
    product.sku, product.name = data.sku.strip(), data.name.strip()
    product.unit_price, product.tax_rate = data.unit_price, data.tax_rate
    product.accounting_item_code, product.active = data.accounting_item_code.strip(), data.active
    session.add(product)
    session.flush()
    record_audit(session, actor, "product_saved", entity="product", entity_id=product.id,
                 to_value=f"{product.sku} {product.unit_price}")  # fmt: skip
    assert product.id is not None
    return product.id
