"""What the Invoice page shows, built from the invoice's detail: lines grouped by kind, facts,
payments, and the numbers typed into its inputs."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypedDict

from billing_app.domain.errors import BillingError
from billing_app.domain.line_groups import GROUPS, KIND_ORDER
from billing_app.domain.tax_rates import rate_key
from billing_app.services.invoices.detail import LineRow, PaymentRow


class LineView(TypedDict):
    id: int
    kind: str
    group: str  # the group's heading on the first line of each kind, else ""
    up: int  # the position that moves it above the line before it in its group; -1: first
    description: str
    quantity: str  # plain decimals for the inputs: 1.5, not 1,5
    unit_price: str
    discount: str
    tax_rate: str  # the rate, plain: the value of the line's tax select
    tax_custom: str  # "21% (custom)" when no named rate has the line's rate, else ""
    net: str


def how_paid(payment: PaymentRow) -> str:
    """ "Bank transfer CRO 0042", or "via Xero" for a payment synced back without a method."""
    return f"{payment.method or payment.source.via or '—'} {payment.reference}".strip()


class FactView(TypedDict):
    label: str
    value: str


def plain(value: Decimal, decimals: int = 0) -> str:
    """A Decimal to edit in an input: no exponent, no trailing zeros beyond `decimals`."""
    text = format(value, "f")
    if "." not in text:
        return f"{text}.{'0' * decimals}" if decimals else text
    whole, fraction = text.split(".")
    fraction = fraction.rstrip("0").ljust(decimals, "0")
    return f"{whole}.{fraction}" if fraction else whole


def parse_number(text: str, label: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise BillingError(
            "malformed_number", f"{label} '{text}' is not a number; write it like 1234.50."
        ) from None


def grouped_lines(
    lines: list[LineRow], money: Callable[[Decimal], str], custom_tax: Callable[[Decimal], str]
) -> list[LineView]:
    """The lines grouped by kind, in their order within each group."""
    position = {line.id: index for index, line in enumerate(lines)}
    ordered = sorted(lines, key=lambda ln: (KIND_ORDER.index(ln.kind), position[ln.id]))
    views: list[LineView] = []
    for before, ln in zip([None, *ordered], ordered, strict=False):
        same = before is not None and before.kind is ln.kind
        views.append(LineView(
            id=ln.id, kind=GROUPS[ln.kind], group="" if same else GROUPS[ln.kind],
            up=position[before.id] if same and before else -1,
            description=ln.description, quantity=plain(ln.quantity),
            unit_price=plain(ln.unit_price, 2), discount=plain(ln.discount, 2),
            tax_rate=rate_key(ln.tax_rate), tax_custom=custom_tax(ln.tax_rate), net=money(ln.net),
        ))  # fmt: skip
    return views
