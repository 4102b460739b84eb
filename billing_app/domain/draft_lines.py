"""What a billing run proposes to put on an invoice: lines with the sources they lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from billing_app.domain.money import ZERO
from billing_app.domain.work import LineKind


@dataclass(frozen=True)
class DraftLine:
    kind: LineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal = ZERO
    source_keys: tuple[str, ...] = ()  # what saving this line locks (see work.source_key)
    ticket_id: int | None = None
    time_entry_id: int | None = None
    expense_id: int | None = None
    product_id: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    included: bool = False  # time a flat fee pays for, shown at no price


def tax_rate_for(*, taxable: bool, rate: Decimal, customer_exempt: bool) -> Decimal:
    """A contract's lines carry its rate unless it is not taxable or the customer is exempt."""
    return rate if taxable and not customer_exempt else ZERO
