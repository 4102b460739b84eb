"""Line and invoice totals, computed the way Xero does: tax per line, rounded per line.

Tax-exclusive prices: net = round(qty x price - discount), tax = round(net x rate).
Tax-inclusive prices: gross = round(qty x price - discount), tax = round(gross x rate / (1 + rate)),
net = gross - tax. Invoice total = sum of nets + sum of taxes; nothing is rounded again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from billing_app.domain.errors import BillingError
from billing_app.domain.money import ZERO, quantize

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LineInput:
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal = ZERO  # percent, e.g. Decimal("22")
    discount: Decimal = ZERO  # an amount, in the invoice's currency


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


@dataclass(frozen=True)
class RateSummary:
    rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineAmounts, ...]
    net: Decimal
    tax: Decimal
    total: Decimal
    tax_by_rate: tuple[RateSummary, ...]


def check_line(line: LineInput) -> None:
    if line.tax_rate < 0 or line.tax_rate > HUNDRED:
        raise BillingError(
            "invalid_tax_rate",
            f"Tax rate {line.tax_rate}% is out of range; use a percentage between 0 and 100.",
        )
    if line.discount < 0:
        raise BillingError(
            "negative_discount",
            f"Discount {line.discount} is negative; enter the discount as a positive amount.",
        )
    if line.discount > abs(line.quantity * line.unit_price):
        raise BillingError(
            "discount_too_large",
            f"Discount {line.discount} is larger than the line amount "
            f"{line.quantity * line.unit_price}; lower the discount.",
        )


def line_amounts(line: LineInput, currency: str, *, prices_include_tax: bool) -> LineAmounts:
    check_line(line)
    amount = quantize(line.quantity * line.unit_price - line.discount, currency)
    if prices_include_tax:
        tax = quantize(amount * line.tax_rate / (HUNDRED + line.tax_rate), currency)
        return LineAmounts(net=amount - tax, tax=tax)
    return LineAmounts(net=amount, tax=quantize(amount * line.tax_rate / HUNDRED, currency))


def compute_totals(
    lines: Iterable[LineInput], currency: str, *, prices_include_tax: bool = False
) -> Totals:
    inputs = tuple(lines)
    amounts = tuple(
        line_amounts(line, currency, prices_include_tax=prices_include_tax) for line in inputs
    )
    by_rate: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for line, computed in zip(inputs, amounts, strict=True):
        net, tax = by_rate.get(line.tax_rate.normalize(), (ZERO, ZERO))
        by_rate[line.tax_rate.normalize()] = (net + computed.net, tax + computed.tax)
    net = sum((a.net for a in amounts), ZERO)
    tax = sum((a.tax for a in amounts), ZERO)
    return Totals(
        lines=amounts,
        net=quantize(net, currency),
        tax=quantize(tax, currency),
        total=quantize(net + tax, currency),
        tax_by_rate=tuple(
            RateSummary(rate=rate, net=quantize(n, currency), tax=quantize(t, currency))
            for rate, (n, t) in sorted(by_rate.items())
        ),
    )
