"""Payments, credit notes and cash refunds on the Xero test server, through xero-python."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

import pytest
from xero_python.accounting import (
    Account,
    Allocation,
    Allocations,
    Contact,
    CreditNote,
    CreditNotes,
    Invoice,
    Invoices,
    LineItem,
    Payment,
    Payments,
)

from tests.integrations.test_xero_server import (
    contact_id,
    invoice,
)
from tests.integrations.xero_client import XeroSdk

T = TypeVar("T")
D = Decimal
REDIRECT = "http://127.0.0.1:9/xero/callback"


# -- payments and credit notes --------------------------------------------------------------
def test_payments_and_a_credit_note_allocation_show_on_the_invoice(xero_sdk: XeroSdk) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    contact = contact_id(xero_sdk)
    created = api.create_invoices(tenant, Invoices(invoices=[invoice(contact, "2026-0001")]))
    invoice_id = created.invoices[0].invoice_id
    payment = Payment(
        invoice=Invoice(invoice_id=invoice_id),
        account=Account(code="090"),
        date=dt.date(2026, 11, 20),
        amount=50,
    )
    api.create_payments(tenant, Payments(payments=[payment]))
    partly = api.get_invoices(tenant, i_ds=[invoice_id]).invoices[0]
    assert (partly.status, partly.amount_paid, partly.amount_due) == ("AUTHORISED", 50.0, 72.0)

    note = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=contact),
        status="AUTHORISED",
        date=dt.date(2026, 11, 21),
        line_items=[
            LineItem(
                description="Refund",
                quantity=1,
                unit_amount=72,
                account_code="200",
                tax_type="NONE",
            )
        ],
    )
    credit = api.create_credit_notes(tenant, CreditNotes(credit_notes=[note])).credit_notes[0]
    allocation = Allocation(
        invoice=Invoice(invoice_id=invoice_id), amount=72, date=dt.date(2026, 11, 21)
    )
    api.create_credit_note_allocation(
        tenant, credit.credit_note_id, Allocations(allocations=[allocation])
    )

    settled = api.get_invoices(tenant, i_ds=[invoice_id]).invoices[0]
    assert (settled.status, settled.amount_credited, settled.amount_due) == ("PAID", 72.0, 0.0)
    assert [p.amount for p in settled.payments] == [50.0]
    assert [p.amount for p in api.get_payments(tenant).payments] == [50.0]
    note_after = api.get_credit_notes(tenant).credit_notes[0]
    assert (note_after.remaining_credit, note_after.status) == (0.0, "PAID")


def test_a_payment_above_the_amount_due_is_refused(xero_sdk: XeroSdk) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    created = api.create_invoices(tenant, Invoices(invoices=[invoice(contact_id(xero_sdk), "X")]))
    payment = Payment(
        invoice=Invoice(invoice_id=created.invoices[0].invoice_id),
        account=Account(code="090"),
        date=dt.date(2026, 11, 20),
        amount=500,
    )
    answer = api.create_payments(tenant, Payments(payments=[payment]), summarize_errors=False)
    assert "exceeds the amount outstanding" in answer.payments[0].validation_errors[0].message


def authorised_credit_note(xero_sdk: XeroSdk, amount: float = 122) -> CreditNote:
    note = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=contact_id(xero_sdk)),
        status="AUTHORISED",
        date=dt.date(2026, 11, 21),
        line_items=[LineItem(description="Refund", quantity=1, unit_amount=amount,
                             account_code="200", tax_type="NONE")],
    )  # fmt: skip
    notes = CreditNotes(credit_notes=[note])
    return xero_sdk.accounting.create_credit_notes(xero_sdk.tenant, notes).credit_notes[0]


def cash_refund(credit: CreditNote, account: str, amount: float) -> Payment:
    return Payment(
        credit_note=CreditNote(credit_note_id=credit.credit_note_id),
        account=Account(code=account),
        date=dt.date(2026, 11, 22),
        amount=amount,
    )


def test_a_cash_refund_of_a_credit_note_is_an_arcreditpayment_that_uses_up_its_credit(
    xero_sdk: XeroSdk,
) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    credit = authorised_credit_note(xero_sdk)
    refund = cash_refund(credit, "090", 122)
    paid = api.create_payments(tenant, Payments(payments=[refund])).payments[0]
    assert paid.payment_type == "ARCREDITPAYMENT" and paid.invoice is None
    assert paid.credit_note.credit_note_id == credit.credit_note_id
    note_after = api.get_credit_notes(tenant).credit_notes[0]
    assert (note_after.remaining_credit, note_after.status) == (0.0, "PAID")
    assert [p.amount for p in note_after.payments] == [122.0]


@pytest.mark.parametrize(
    ("amount", "account", "message"),
    [
        (200, "090", "exceeds the amount outstanding"),
        (50, "200", "Account type is invalid"),
    ],
)
def test_a_cash_refund_above_the_credit_or_from_a_revenue_account_is_refused(
    xero_sdk: XeroSdk, amount: float, account: str, message: str
) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    credit = authorised_credit_note(xero_sdk)
    refund = cash_refund(credit, account, amount)
    answer = api.create_payments(tenant, Payments(payments=[refund]), summarize_errors=False)
    assert message in answer.payments[0].validation_errors[0].message
    assert api.get_credit_notes(tenant).credit_notes[0].remaining_credit == 122.0
