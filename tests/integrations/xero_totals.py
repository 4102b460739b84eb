"""Does Xero show each exported invoice with our totals? An assertion for export tests, and
a spread of invoices that exercises the arithmetic (`SPREAD`, stored by `priced_invoice`).

The Xero test server prices every invoice from the lines it was sent (xero_pricing.py), so
its SubTotal, TotalTax and Total are Xero's figures, not an echo of ours. A TaxAmount we sent
that differs from what Xero computes would be kept as an override and make the totals agree
anyway: the assertion also wants no override, so agreement means Xero's own arithmetic.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, select

from billing_app.domain.accounting import Provider
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.totals import LineInput, compute_totals
from billing_app.domain.work import LineKind
from billing_app.models import Customer, Invoice, InvoiceExport, InvoiceLine
from tests import factories
from tests.integrations.xero_reference import money
from tests.integrations.xero_server import XeroServer


def line(quantity: str, price: str, rate: str, discount: str = "0") -> LineInput:
    return LineInput(Decimal(quantity), Decimal(price), Decimal(rate), Decimal(discount))


# (prices include tax, lines): discounts as amounts, 22/10/0% rates, 4-decimal quantities and
# prices, half cents; the first is the invoice Xero once showed at 512.48 instead of 500.28
SPREAD: list[tuple[bool, list[LineInput]]] = [
    (False, [line("4", "128.12", "0", "12.20"), line("2.5", "33.3333", "22", "3.33"),
             line("1.2345", "80.9999", "10")]),
    (True, [line("1", "122", "22"), line("3", "10.99", "10", "2"), line("0.3333", "45.5", "0"),
            line("7.0625", "12.3457", "22", "0.99")]),
    (False, [line("0.0833", "1250", "22", "4.17"), line("12.5", "0.0125", "10"),
             line("1", "0.125", "22"), line("3.3333", "0.3", "0", "0.01")]),
    (True, [line("2.3333", "19.9999", "10", "1.11"), line("1", "0.01", "22"),
            line("0.7777", "99.9999", "22", "7.77"), line("5", "3.3333", "10")]),
]  # fmt: skip


def priced_invoice(
    session: Session,
    owner: Customer,
    lines: list[LineInput],
    prices_include_tax: bool,
    sequence: int,
) -> Invoice:
    """An issued invoice whose lines and totals domain.totals computed, as the app stores them."""
    totals = compute_totals(lines, owner.currency, prices_include_tax=prices_include_tax)
    invoice = factories.invoice(session, owner, status=InvoiceStatus.SENT, sequence=sequence,
                                number=f"2026-{sequence:05}", issue_date=dt.date(2026, 11, 30),
                                prices_include_tax=prices_include_tax, net_total=totals.net,
                                tax_total=totals.tax, total=totals.total)  # fmt: skip
    assert invoice.id is not None
    for position, (item, amounts) in enumerate(zip(lines, totals.lines, strict=True)):
        factories.add(session, InvoiceLine(invoice_id=invoice.id, position=position,
                                           kind=LineKind.CUSTOM, description=f"Line {position}",
                                           quantity=item.quantity, unit_price=item.unit_price,
                                           discount=item.discount, tax_rate=item.tax_rate,
                                           net=amounts.net, tax=amounts.tax))  # fmt: skip
    return invoice


def assert_xero_totals_agree(session: Session, server: XeroServer) -> int:
    """Every invoice exported to `server` shows our net, tax and total there; returns how
    many were compared."""
    links = session.exec(select(InvoiceExport).where(InvoiceExport.provider == Provider.XERO))
    disagreements = []
    compared = 0
    for link in links:
        invoice = session.get_one(Invoice, link.invoice_id)
        record = server.ledger.invoices[link.external_id]
        ours = [money(invoice.net_total), money(invoice.tax_total), money(invoice.total)]
        theirs = [money(record[name]) for name in ("SubTotal", "TotalTax", "Total")]
        if ours != theirs:
            disagreements.append(
                f"{invoice.number}: net/tax/total {' / '.join(map(str, ours))} here, "
                f"{' / '.join(map(str, theirs))} in Xero"
            )
        compared += 1
    assert not disagreements, "\n".join(disagreements)
    assert server.ledger.tax_overrides == [], "Xero computes other taxes than ours"
    return compared
