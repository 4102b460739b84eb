"""What the Xero test server computes from the lines it is sent, as Xero does (figures by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from xero_python.accounting import (
    Contact,
    CreditNote,
    CreditNotes,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
)

from tests.integrations.test_xero_server import (
    contact_id,
    invoice,
)
from tests.integrations.xero_client import XeroSdk
from tests.integrations.xero_server import XeroServer

T = TypeVar("T")
D = Decimal
REDIRECT = "http://127.0.0.1:9/xero/callback"


# -- pricing: what Xero computes from the lines it is sent (figures worked out by hand) ------
def line(quantity: float, unit: float, tax_type: str = "OUTPUT2", **extra: Any) -> LineItem:
    return LineItem(description="Managed services", quantity=quantity, unit_amount=unit,
                    account_code="200", tax_type=tax_type, **extra)  # fmt: skip


def priced(
    xero_sdk: XeroSdk, lines: list[LineItem], amount_types: str = "Exclusive", unitdp: int = 4
) -> Invoice:
    draft = invoice(
        contact_id(xero_sdk), "2026-0100", line_amount_types=LineAmountTypes(amount_types)
    )
    draft.line_items = lines
    answer = xero_sdk.accounting.create_invoices(
        xero_sdk.tenant, Invoices(invoices=[draft]), summarize_errors=False, unitdp=unitdp
    )
    return answer.invoices[0]


PRICINGS = {
    # 4 x 128.12 = 512.48 - 12.20 = 500.28, no tax (the server once said 512.48);
    # 2.5 x 33.3333 = 83.33325 - 3.33 = 80.00325 → 80.00, 22% = 17.60
    "discount amounts": (
        "Exclusive",
        [line(4, 128.12, "NONE", discount_amount=12.2), line(2.5, 33.3333, discount_amount=3.33)],
        [("500.28", "0"), ("80.00", "17.60")],
        ("580.28", "17.60", "597.88"),
    ),
    # 3 x 19.99 = 59.97 x 87.5% = 52.47375 → 52.47, 10% = 5.247 → 5.25
    "a discount rate": (
        "Exclusive",
        [line(3, 19.99, "OUTPUT", discount_rate=12.5)],
        [("52.47", "5.25")],
        ("52.47", "5.25", "57.72"),
    ),
    # 122 holds 22 of tax; 3 x 10.99 - 2 = 30.97 holds 30.97 x 10/110 = 2.8155 → 2.82
    "tax-inclusive": (
        "Inclusive",
        [line(1, 122), line(3, 10.99, "OUTPUT", discount_amount=2)],
        [("122", "22"), ("30.97", "2.82")],
        ("128.15", "24.82", "152.97"),
    ),
    "no tax": ("NoTax", [line(2, 50)], [("100", "0")], ("100", "0", "100")),
    # 0.125 rounds half away from zero to 0.13; 22% of it = 0.0286 → 0.03
    "half a cent": ("Exclusive", [line(1, 0.125)], [("0.13", "0.03")], ("0.13", "0.03", "0.16")),
}


@pytest.mark.parametrize("case", PRICINGS)
def test_line_amounts_tax_and_totals_are_computed_from_the_lines_sent(
    xero_sdk: XeroSdk, case: str
) -> None:
    amount_types, lines, expected_lines, expected_totals = PRICINGS[case]
    answer = priced(xero_sdk, lines, amount_types)
    assert answer.status_attribute_string == "OK", answer.validation_errors
    assert [(li.line_amount, li.tax_amount) for li in answer.line_items] == [
        (D(amount), D(tax)) for amount, tax in expected_lines
    ]
    totals = (answer.sub_total, answer.total_tax, answer.total)
    assert totals == tuple(D(figure) for figure in expected_totals)
    assert answer.amount_due == answer.total


@pytest.mark.parametrize(("unitdp", "line_amount", "total"),
                         [(4, "100.00", "122.00"), (2, "99.99", "121.99")])  # fmt: skip
def test_unit_amounts_keep_4_decimals_only_with_unitdp_4(
    xero_sdk: XeroSdk, unitdp: int, line_amount: str, total: str
) -> None:
    """3 x 33.3333 = 99.9999 → 100.00; without unitdp=4 the unit is 33.33: 99.99 (+ 22.00)."""
    answer = priced(xero_sdk, [line(3, 33.3333)], unitdp=unitdp)
    assert (answer.line_items[0].line_amount, answer.total) == (D(line_amount), D(total))


def test_a_line_amount_that_ignores_the_discount_is_refused(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    answer = priced(xero_sdk, [line(4, 128.12, "NONE", discount_amount=12.2, line_amount=512.48)])
    assert answer.has_errors and [e.message for e in answer.validation_errors] == [
        "The line total 512.48 does not match the expected line total 500.28."
    ]
    assert xero_server.ledger.invoices == {}


def test_a_line_with_both_a_discount_rate_and_amount_is_refused(xero_sdk: XeroSdk) -> None:
    both = line(1, 100, discount_rate=10, discount_amount=10, line_amount=90)
    assert [e.message for e in priced(xero_sdk, [both]).validation_errors] == [
        "A line item can have a DiscountRate or a DiscountAmount, not both."
    ]


def test_a_tax_amount_sent_overrides_the_rate_and_is_listed(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    """22% of 80.00 is 17.60: sending 17.60 is no override, sending 17.59 is one Xero keeps."""
    answer = priced(xero_sdk, [line(2, 40, tax_amount=17.6), line(2, 40, tax_amount=17.59)])
    assert (answer.total_tax, answer.total) == (D("35.19"), D("195.19"))
    assert xero_server.ledger.tax_overrides == [
        "2026-0100 line 2: TaxAmount 17.59 sent, OUTPUT2 gives 17.60"
    ]


def test_credit_notes_are_priced_alike_and_take_no_discount(xero_sdk: XeroSdk) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    lines = [line(1, 122), line(2, 10, "OUTPUT", discount_amount=1)]
    note = CreditNote(type="ACCRECCREDIT", contact=Contact(contact_id=contact_id(xero_sdk)),
                      date=dt.date(2026, 11, 21), line_amount_types=LineAmountTypes("Inclusive"),
                      line_items=lines)  # fmt: skip
    notes = CreditNotes(credit_notes=[note])
    refused = api.create_credit_notes(tenant, notes, summarize_errors=False).credit_notes[0]
    assert [e.message for e in refused.validation_errors] == [
        "Discounts are not supported on credit notes."
    ]
    lines[1] = line(2, 10, "OUTPUT")  # 20 holds 20 x 10/110 = 1.818 → 1.82
    stored = api.create_credit_notes(tenant, notes, unitdp=4).credit_notes[0]
    totals = (stored.sub_total, stored.total_tax, stored.total)
    assert totals == (D("118.18"), D("23.82"), D("142"))
