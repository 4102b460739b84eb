import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_app.domain.errors import BillingError
from billing_app.domain.totals import LineInput
from billing_app.integrations.export_invoice import MissingMapping, XeroStatus, full_credit
from billing_app.integrations.xero_payload import (
    allocation_to_xero,
    cash_refund_to_xero,
    contacts_body,
    credit_note_to_xero,
    invoice_to_xero,
    invoices_body,
)
from tests.integrations.export_samples import ACME, export_invoice, xero_mappings
from tests.integrations.xero_schemas import xero_errors

D = Decimal
SIMPLE = [LineInput(D("2.5"), D("80"), D("22")), LineInput(D("1"), D("49.99"), D("10"))]


def test_an_invoice_becomes_a_xero_accrec_with_our_amounts_and_mapped_codes():
    invoice = export_invoice(
        [LineInput(D("3"), D("33.3333"), D("22"), discount=D("10")), *SIMPLE],
        item_codes=["SRV-1"],
    )
    payload = invoice_to_xero(invoice, xero_mappings())
    assert payload == {
        "Type": "ACCREC",
        "Contact": {"Name": "Acme S.r.l."},
        "Date": "2026-11-30",
        "DueDate": "2026-12-30",
        "LineAmountTypes": "Exclusive",
        "CurrencyCode": "EUR",
        "Status": "AUTHORISED",
        "InvoiceNumber": "2026-00042",
        "Reference": "November 2026",
        "LineItems": [
            {"Description": "Line 1", "Quantity": 3.0, "UnitAmount": 33.3333,
             "DiscountAmount": 10.0, "AccountCode": "200", "TaxType": "OUTPUT2",
             "ItemCode": "SRV1", "LineAmount": 90.0, "TaxAmount": 19.8},
            {"Description": "Line 2", "Quantity": 2.5, "UnitAmount": 80.0, "AccountCode": "200",
             "TaxType": "OUTPUT2", "LineAmount": 200.0, "TaxAmount": 44.0},
            {"Description": "Line 3", "Quantity": 1.0, "UnitAmount": 49.99,
             "AccountCode": "200", "TaxType": "OUTPUT", "LineAmount": 49.99, "TaxAmount": 5.0},
        ],
    }  # fmt: skip
    assert xero_errors("Invoices", invoices_body([payload])) == []


def test_a_stored_contact_id_draft_status_and_xeros_numbering_are_honoured():
    customer = replace(ACME, external_id="c7b1e0de-0000-4000-8000-000000000001")
    invoice = export_invoice(SIMPLE, customer=customer,
                             external_id="0b0e9a1c-0000-4000-8000-000000000042")  # fmt: skip
    payload = invoice_to_xero(
        invoice, xero_mappings(xero_status=XeroStatus.DRAFT, use_our_number=False)
    )
    assert payload["Contact"] == {"ContactID": customer.external_id}
    assert payload["Status"] == "DRAFT"
    assert "InvoiceNumber" not in payload
    assert payload["Reference"] == "2026-00042 · November 2026"
    assert payload["InvoiceID"] == invoice.external_id
    assert xero_errors("Invoices", invoices_body([payload])) == []


def test_tax_inclusive_prices_send_the_gross_line_amount():
    invoice = export_invoice([LineInput(D("1"), D("122"), D("22"))], prices_include_tax=True)
    line = invoice_to_xero(invoice, xero_mappings())["LineItems"][0]
    assert invoice_to_xero(invoice, xero_mappings())["LineAmountTypes"] == "Inclusive"
    assert (line["UnitAmount"], line["LineAmount"], line["TaxAmount"]) == (122.0, 122.0, 22.0)


def test_an_unmapped_tax_rate_names_every_rate_to_map_per_invoice():
    invoice = export_invoice([LineInput(D("1"), D("10"), D("5.5")), *SIMPLE])
    with pytest.raises(MissingMapping) as raised:
        invoice_to_xero(invoice, xero_mappings(tax_codes={"10": "OUTPUT"}))
    assert raised.value.code == "missing_mapping"
    assert raised.value.message == (
        "Invoice 2026-00042 cannot be exported: map tax rate 5.5%, 22% to a Xero tax type "
        "in Admin > Accounting."
    )
    assert raised.value.missing == ("tax_rate:5.5", "tax_rate:22")


def test_a_missing_sales_account_is_named_with_the_missing_rates():
    invoice = export_invoice(SIMPLE)
    with pytest.raises(MissingMapping) as raised:
        invoice_to_xero(invoice, xero_mappings(sales_account="", tax_codes={"22": "OUTPUT2"}))
    assert raised.value.message == (
        "Invoice 2026-00042 cannot be exported: choose the Xero sales account and map tax rate "
        "10% to a Xero tax type in Admin > Accounting."
    )


def test_more_than_fifty_invoices_never_go_in_one_call():
    payload = invoice_to_xero(export_invoice(SIMPLE), xero_mappings())
    assert len(invoices_body([payload] * 50)["Invoices"]) == 50
    with pytest.raises(ValueError, match="at most 50"):
        invoices_body([payload] * 51)


def test_contacts_to_create_carry_name_email_and_vat_number():
    body = contacts_body([ACME])
    assert body == {"Contacts": [{"Name": "Acme S.r.l.", "EmailAddress": "billing@acme.test",
                                  "TaxNumber": "IT01234567890"}]}  # fmt: skip
    assert xero_errors("Contacts", body) == []


def test_a_refund_is_an_authorised_accreccredit_allocated_to_the_invoice():
    invoice = export_invoice([LineInput(D("2"), D("50"), D("22"), discount=D("5"))],
                             external_id="0b0e9a1c-0000-4000-8000-000000000042")  # fmt: skip
    credit = full_credit(invoice, "NC-2026-0001", dt.date(2026, 12, 5))
    payload = credit_note_to_xero(credit, xero_mappings())
    assert (payload["Type"], payload["Status"], payload["Reference"]) == (
        "ACCRECCREDIT", "AUTHORISED", "2026-00042")  # fmt: skip
    assert payload["LineItems"][0] | {} == {
        "Description": "Line 1", "Quantity": 1.0, "UnitAmount": 95.0, "AccountCode": "200",
        "TaxType": "OUTPUT2", "LineAmount": 95.0, "TaxAmount": 20.9,
    }  # fmt: skip
    assert xero_errors("CreditNotes", {"CreditNotes": [payload]}) == []
    allocation = allocation_to_xero(credit)
    assert allocation["Allocations"][0]["Amount"] == 115.9
    assert xero_errors("Allocations", allocation) == []


def test_part_of_a_credit_is_allocated_and_the_rest_refunded_in_cash_spec_valid():
    invoice = export_invoice(SIMPLE, external_id="0b0e9a1c-0000-4000-8000-000000000042")
    credit = full_credit(invoice, "NC-2026-0001", dt.date(2026, 12, 5))
    allocation = allocation_to_xero(credit, D("20.50"))
    assert allocation["Allocations"][0]["Amount"] == 20.5
    refund = cash_refund_to_xero(credit, "0b0e9a1c-0000-4000-8000-0000000000cc", "090", D("95"))
    assert refund == {"Payments": [{
        "CreditNote": {"CreditNoteID": "0b0e9a1c-0000-4000-8000-0000000000cc"},
        "Account": {"Code": "090"}, "Date": "2026-12-05", "Amount": 95.0,
        "Reference": "Refund of invoice 2026-00042",
    }]}  # fmt: skip
    assert xero_errors("Payments", refund) == []


def test_a_credit_note_for_an_invoice_not_in_xero_is_refused():
    credit = full_credit(export_invoice(SIMPLE), "NC-1", dt.date(2026, 12, 5))
    with pytest.raises(BillingError) as raised:
        allocation_to_xero(credit)
    assert raised.value.code == "invoice_not_exported"


def test_the_spec_check_catches_a_misspelt_field():
    payload = invoice_to_xero(export_invoice(SIMPLE), xero_mappings())
    payload["LineItems"][0]["UnitAmmount"] = 1
    assert any("UnitAmmount" in error for error in xero_errors("Invoices", {"Invoices": [payload]}))


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999"), places=2)
quantities = st.decimals(min_value=D("0.25"), max_value=D("500"), places=2)
rates = st.sampled_from([D("22"), D("10"), D("4"), D("0")])
lines = st.builds(LineInput, quantities, amounts, rates)


@given(st.lists(lines, min_size=1, max_size=12), st.booleans())
def test_the_payload_adds_up_to_our_totals_to_the_cent(inputs, inclusive):
    invoice = export_invoice(inputs, prices_include_tax=inclusive)
    sent = json.loads(json.dumps(invoice_to_xero(invoice, xero_mappings())), parse_float=D)
    line_amounts = sum(D(line["LineAmount"]) for line in sent["LineItems"])
    tax = sum(D(line["TaxAmount"]) for line in sent["LineItems"])
    assert tax == invoice.tax_total
    assert line_amounts == (invoice.total if inclusive else invoice.net_total)
    for line, ours in zip(sent["LineItems"], invoice.lines, strict=True):
        assert D(line["UnitAmount"]) == ours.unit_price and D(line["Quantity"]) == ours.quantity
