"""The line-item builder of a Draft: add, change, remove and reorder lines.

Totals are recomputed from the lines by `domain.totals` after every change; an issued
invoice is frozen (invariant 5) and every change here refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, func, select

from billing_app.domain.draft_lines import tax_rate_for
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.totals import LineInput, check_line, compute_totals
from billing_app.domain.work import LineKind
from billing_app.models import Customer, Invoice, InvoiceLine, Product
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.invoices.status import lock_invoice

LIMIT = Decimal(999_999_999)


@dataclass(frozen=True)
class LineChanges:
    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    discount: Decimal | None = None
    tax_rate: Decimal | None = None


def editable_draft(session: Session, actor: Actor, invoice_id: int) -> Invoice:
    require(session, actor, Permission.CHANGE_BILLING, "edit invoices")
    invoice = lock_invoice(session, invoice_id)
    if invoice.status is not InvoiceStatus.DRAFT:
        raise BillingError(
            "invoice_frozen",
            f"Invoice {invoice.number} is {invoice.status.label}: its lines are frozen. "
            "Correct it with a credit note instead.",
        )
    return invoice


def check_values(description: str, quantity: Decimal, unit_price: Decimal) -> None:
    if not description.strip():
        raise BillingError("invalid_description", "Describe the line; the customer reads it.")
    if quantity <= 0:
        raise BillingError(
            "quantity_not_positive",
            f"Quantity {quantity} is not above zero; for a credit or a discount enter a "
            "negative unit price instead.",
        )
    for name, value in (("Quantity", quantity), ("Unit price", unit_price)):
        if abs(value) > LIMIT:
            raise BillingError(
                "amount_too_large",
                f"{name} {value:,} is too large; one line takes at most 999,999,999.",
            )
        if value != value.quantize(Decimal("0.0001")):
            raise BillingError(
                "too_many_decimals", f"{name} {value} has more than 4 decimals; round it."
            )


def recompute(session: Session, invoice: Invoice) -> None:
    """Nets, taxes and totals again from the lines, in their order."""
    lines = session.exec(
        select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id).order_by(
            col(InvoiceLine.position), col(InvoiceLine.id))
    ).all()  # fmt: skip
    totals = compute_totals(
        [LineInput(ln.quantity, ln.unit_price, ln.tax_rate, ln.discount) for ln in lines],
        invoice.currency,
        prices_include_tax=invoice.prices_include_tax,
    )
    for position, (line, amounts) in enumerate(zip(lines, totals.lines, strict=True)):
        line.position, line.net, line.tax = position, amounts.net, amounts.tax
    invoice.net_total, invoice.tax_total, invoice.total = totals.net, totals.tax, totals.total
    invoice.updated_at = utcnow()
    session.flush()


def _next_position(session: Session, invoice_id: int) -> int:
    last = session.exec(
        select(func.max(InvoiceLine.position)).where(InvoiceLine.invoice_id == invoice_id)
    ).one()
    return 0 if last is None else last + 1


def add_line(session: Session, actor: Actor, invoice_id: int, line: InvoiceLine) -> int:
    """A custom line (or any line built by the caller) at the end of a Draft."""
    invoice = editable_draft(session, actor, invoice_id)
    check_values(line.description, line.quantity, line.unit_price)
    check_line(LineInput(line.quantity, line.unit_price, line.tax_rate, line.discount))
    line.invoice_id, line.position = invoice_id, _next_position(session, invoice_id)
    session.add(line)
    recompute(session, invoice)
    assert line.id is not None
    return line.id


def add_custom_line(
    session: Session,
    actor: Actor,
    invoice_id: int,
    *,
    description: str,
    quantity: Decimal,
    unit_price: Decimal,
    tax_rate: Decimal,
) -> int:
    return add_line(
        session, actor, invoice_id,
        InvoiceLine(kind=LineKind.CUSTOM, description=description, quantity=quantity,
                    unit_price=unit_price, tax_rate=tax_rate, invoice_id=invoice_id),
    )  # fmt: skip


def add_product_line(
    session: Session, actor: Actor, invoice_id: int, product_id: int, quantity: Decimal
) -> int:
    """At the product's price and tax rate (none for a tax-exempt customer)."""
    product = session.get(Product, product_id)
    if product is None or not product.active:
        raise BillingError("product_not_found", "That product is not in the catalogue any more.")
    invoice = session.get_one(Invoice, invoice_id)
    exempt = session.get_one(Customer, invoice.customer_id).tax_exempt
    return add_line(
        session, actor, invoice_id,
        InvoiceLine(
            kind=LineKind.PRODUCT, description=product.name, quantity=quantity,
            unit_price=product.unit_price, product_id=product.id, invoice_id=invoice_id,
            tax_rate=tax_rate_for(taxable=True, rate=product.tax_rate, customer_exempt=exempt),
        ),
    )  # fmt: skip


def _line_of_draft(session: Session, actor: Actor, line_id: int) -> tuple[InvoiceLine, Invoice]:
    line = session.get(InvoiceLine, line_id)
    if line is None:
        raise BillingError("line_not_found", "That line no longer exists; reload the invoice.")
    return line, editable_draft(session, actor, line.invoice_id)


def update_line(session: Session, actor: Actor, line_id: int, changes: LineChanges) -> None:
    line, invoice = _line_of_draft(session, actor, line_id)
    for field in ("description", "quantity", "unit_price", "discount", "tax_rate"):
        if (value := getattr(changes, field)) is not None:
            setattr(line, field, value)
    check_values(line.description, line.quantity, line.unit_price)
    check_line(LineInput(line.quantity, line.unit_price, line.tax_rate, line.discount))
    recompute(session, invoice)


def remove_line(session: Session, actor: Actor, line_id: int) -> None:
    """Removing a work line unlocks the work it billed."""
    line, invoice = _line_of_draft(session, actor, line_id)
    session.delete(line)
    session.flush()
    recompute(session, invoice)


def move_line(session: Session, actor: Actor, line_id: int, position: int) -> None:
    line, invoice = _line_of_draft(session, actor, line_id)
    lines = session.exec(
        select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id).order_by(
            col(InvoiceLine.position), col(InvoiceLine.id))
    ).all()  # fmt: skip
    ordered = [other for other in lines if other.id != line.id]
    ordered.insert(max(0, min(position, len(ordered))), line)
    for index, other in enumerate(ordered):
        other.position = index
    recompute(session, invoice)
