import datetime as dt
import json
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_app.domain.errors import BillingError
from billing_app.domain.totals import LineInput
from billing_app.integrations.export_invoice import MissingMapping, full_credit
from billing_app.integrations.qbo_payload import (
    QboAddress,
    batch_body,
    credit_application_to_qbo,
    credit_memo_to_qbo,
    customer_to_qbo,
    invoice_to_qbo,
    refund_receipt_to_qbo,
)
from billing_app.integrations.qbo_tax_lines import QboTaxRate, tax_rates_from
from tests.integrations.export_samples import ACME, export_invoice, qbo_mappings

D = Decimal
CENT = Decimal("0.01")
IN_QBO = replace(ACME, external_id="58")
SIMPLE = [LineInput(D("2.5"), D("80"), D("22")), LineInput(D("1"), D("49.99"), D("10"))]
# the TaxCodes of qbo_mappings() → their one TaxRate each
RATES = {"3": (QboTaxRate("13", D(22)),), "4": (QboTaxRate("14", D(10)),),
         "5": (QboTaxRate("15", D(4)),), "6": (QboTaxRate("16", D(0)),)}  # fmt: skip
MILANO = QboAddress("Via Roma 1", "Milano", "20121", "MI", "IT")


def test_an_invoice_becomes_a_quickbooks_invoice_with_our_nets_and_tax():
    invoice = export_invoice([*SIMPLE, LineInput(D("3"), D("10"), D("22"), discount=D("1"))],
                             item_codes=["SRV-1"], customer=IN_QBO)  # fmt: skip
    assert invoice_to_qbo(invoice, qbo_mappings()) == {
        "CustomerRef": {"value": "58"},
        "CurrencyRef": {"value": "EUR"},
        "GlobalTaxCalculation": "TaxExcluded",
        "TxnTaxDetail": {"TotalTax": 55.38},  # 44 + 5.00 + 6.38; no tax rates: no TaxLine
        "TxnDate": "2026-11-30",
        "DueDate": "2026-12-30",
        "DocNumber": "2026-00042",
        "PrivateNote": "November 2026",
        "Line": [
            {"DetailType": "SalesItemLineDetail", "Amount": 200.0, "Description": "Line 1",
             "SalesItemLineDetail": {"ItemRef": {"value": "19"}, "Qty": 2.5, "UnitPrice": 80.0,
                                     "TaxCodeRef": {"value": "3"}}},
            {"DetailType": "SalesItemLineDetail", "Amount": 49.99, "Description": "Line 2",
             "SalesItemLineDetail": {"ItemRef": {"value": "1"}, "Qty": 1.0, "UnitPrice": 49.99,
                                     "TaxCodeRef": {"value": "4"}}},
            {"DetailType": "SalesItemLineDetail", "Amount": 29.0, "Description": "Line 3",
             "SalesItemLineDetail": {"ItemRef": {"value": "1"}, "Qty": 1.0, "UnitPrice": 29.0,
                                     "TaxCodeRef": {"value": "3"}}},
        ],
    }  # fmt: skip


def test_the_tax_goes_as_one_tax_line_per_rate_with_our_rounded_line_taxes():
    lines = [LineInput(D("1"), D("1.25"), D("10"))] * 3 + [LineInput(D("1.5"), D("80"), D("22"))]
    invoice = export_invoice(lines, customer=IN_QBO)
    payload = invoice_to_qbo(invoice, qbo_mappings(), tax_rates=RATES, address=MILANO)
    assert payload["TxnTaxDetail"] == {
        "TotalTax": 26.79,  # 3 x 0.13 (not 10% of 3.75 = 0.38) + 26.40
        "TaxLine": [
            {"Amount": 0.39, "DetailType": "TaxLineDetail",
             "TaxLineDetail": {"TaxRateRef": {"value": "14"}, "PercentBased": True,
                               "TaxPercent": 10.0, "NetAmountTaxable": 3.75}},
            {"Amount": 26.4, "DetailType": "TaxLineDetail",
             "TaxLineDetail": {"TaxRateRef": {"value": "13"}, "PercentBased": True,
                               "TaxPercent": 22.0, "NetAmountTaxable": 120.0}},
        ],
    }  # fmt: skip
    assert payload["BillAddr"] == {"Line1": "Via Roma 1", "City": "Milano", "PostalCode": "20121",
                                   "CountrySubDivisionCode": "MI", "Country": "Italy"}  # fmt: skip


def test_inclusive_prices_go_tax_inclusive_with_each_line_gross():
    lines = [LineInput(D("1"), D("12.20"), D("22")), LineInput(D("1"), D("5"), D("0"))]
    invoice = export_invoice(lines, prices_include_tax=True, customer=IN_QBO)
    payload = invoice_to_qbo(invoice, qbo_mappings(), tax_rates=RATES)
    assert payload["GlobalTaxCalculation"] == "TaxInclusive"
    details = [line["SalesItemLineDetail"] for line in payload["Line"]]
    assert [(line["Amount"], d["TaxInclusiveAmt"]) for line, d in zip(payload["Line"], details,
                                                                          strict=True)] == [
        (10.0, 12.2), (5.0, 5.0)]  # fmt: skip
    assert [t["Amount"] for t in payload["TxnTaxDetail"]["TaxLine"]] == [2.2, 0.0]


def test_a_tax_code_of_another_rate_is_refused_with_what_to_remap():
    with pytest.raises(BillingError) as raised:
        invoice_to_qbo(export_invoice(SIMPLE, customer=IN_QBO), qbo_mappings(),
                       tax_rates={**RATES, "4": (QboTaxRate("15", D(4)),)})  # fmt: skip
    assert raised.value.code == "tax_code_mismatch"
    assert "tax rate 10% is mapped to the QuickBooks tax code 4, which charges 4%" in (
        raised.value.message
    )


def test_tax_rates_are_read_from_the_tax_code_and_tax_rate_rows():
    codes = [{"Id": "3", "SalesTaxRateList": {"TaxRateDetail": [{"TaxRateRef": {"value": "13"}}]}},
             {"Id": "9", "SalesTaxRateList": {}}]  # fmt: skip
    assert tax_rates_from(codes, [{"Id": "13", "RateValue": 22.0}]) == {
        "3": (QboTaxRate("13", D(22)),), "9": ()}  # fmt: skip


def test_a_reexport_is_a_sparse_update_of_the_stored_invoice_with_its_sync_token():
    invoice = export_invoice(SIMPLE, customer=IN_QBO, external_id="130")
    payload = invoice_to_qbo(invoice, qbo_mappings(use_our_number=False), sync_token="2")
    assert (payload["Id"], payload["SyncToken"], payload["sparse"]) == ("130", "2", True)
    assert "DocNumber" not in payload
    assert payload["PrivateNote"] == "2026-00042 November 2026"
    with pytest.raises(ValueError, match="SyncToken"):
        invoice_to_qbo(invoice, qbo_mappings())


def test_a_customer_not_yet_in_quickbooks_is_refused_before_sending():
    with pytest.raises(BillingError) as raised:
        invoice_to_qbo(export_invoice(SIMPLE), qbo_mappings())
    assert raised.value.code == "customer_not_in_quickbooks"


def test_an_unmapped_rate_asks_for_a_quickbooks_tax_code():
    with pytest.raises(MissingMapping) as raised:
        invoice_to_qbo(export_invoice(SIMPLE, customer=IN_QBO), qbo_mappings(tax_codes={}))
    assert "map tax rate 22%, 10% to a QuickBooks Online tax code" in raised.value.message


def test_a_number_longer_than_quickbooks_allows_is_refused_with_the_fix():
    invoice = export_invoice(SIMPLE, customer=IN_QBO, number="ACME-SERVICES-2026-000042")
    with pytest.raises(BillingError) as raised:
        invoice_to_qbo(invoice, qbo_mappings())
    assert raised.value.code == "number_too_long"
    assert "21 characters" in raised.value.message


def test_a_customer_to_create_has_a_display_name_quickbooks_accepts():
    payload, note = customer_to_qbo(replace(ACME, name="Acme:  Milano\tBranch"), MILANO)
    assert payload == {
        "DisplayName": "Acme - Milano Branch",
        "CompanyName": "Acme: Milano Branch",
        "PrimaryEmailAddr": {"Address": "billing@acme.test"},
        "PrimaryTaxIdentifier": "IT01234567890",
        "CurrencyRef": {"value": "EUR"},
        "BillAddr": {"Line1": "Via Roma 1", "City": "Milano", "PostalCode": "20121",
                     "CountrySubDivisionCode": "MI", "Country": "Italy"},
    }  # fmt: skip
    assert note == ""


def test_a_name_over_100_characters_is_cut_with_a_sentence():
    name = "Consorzio " + "Servizi Informatici " * 6 + "S.r.l."
    payload, note = customer_to_qbo(replace(ACME, name=name, vat_id="IT 012.345.678.90"))
    assert payload["CompanyName"] == name[:100] and payload["DisplayName"] == name
    assert payload["PrimaryTaxIdentifier"] == "IT01234567890"
    assert note == f"The customer name was cut to 100 characters for QuickBooks: '{name[:100]}'."


def test_a_tax_id_longer_than_quickbooks_takes_is_left_out_with_a_sentence():
    payload, note = customer_to_qbo(replace(ACME, vat_id="IT01234567890-SEDE-LEGALE-MILANO"))
    assert "PrimaryTaxIdentifier" not in payload
    assert note == (
        "The VAT id IT01234567890-SEDE-LEGALE-MILANO is longer than the 20 characters "
        "QuickBooks takes and was left out; check it in Admin > Customers."
    )


def test_a_refund_is_a_credit_memo_that_names_the_invoice():
    credit = full_credit(export_invoice(SIMPLE, customer=IN_QBO), "NC-1", dt.date(2026, 12, 5))
    payload = credit_memo_to_qbo(credit, qbo_mappings())
    assert payload["PrivateNote"] == "Refund of invoice 2026-00042"
    assert (payload["DocNumber"], payload["TxnDate"]) == ("NC-1", "2026-12-05")
    assert "DueDate" not in payload


def test_a_refund_receipt_is_the_credit_paid_out_of_the_bank_account():
    credit = full_credit(export_invoice(SIMPLE, customer=IN_QBO), "NC-1", dt.date(2026, 12, 5))
    payload = refund_receipt_to_qbo(credit, qbo_mappings(), "35")
    assert payload == credit_memo_to_qbo(credit, qbo_mappings()) | {
        "DepositToAccountRef": {"value": "35"}
    }


def test_a_credit_is_applied_by_a_zero_payment_linking_invoice_and_credit_memo():
    payload = credit_application_to_qbo("58", "130", "131", D("255.00"), dt.date(2026, 12, 5))
    assert payload == {
        "CustomerRef": {"value": "58"}, "TotalAmt": 0, "TxnDate": "2026-12-05",
        "Line": [
            {"Amount": 255.0, "LinkedTxn": [{"TxnId": "130", "TxnType": "Invoice"}]},
            {"Amount": 255.0, "LinkedTxn": [{"TxnId": "131", "TxnType": "CreditMemo"}]},
        ],
    }  # fmt: skip


def test_a_batch_holds_at_most_thirty_items_keyed_by_bid():
    payload = invoice_to_qbo(export_invoice(SIMPLE, customer=IN_QBO), qbo_mappings())
    body = batch_body([("key-1", "create", "Invoice", payload)])
    assert body == {"BatchItemRequest": [{"bId": "key-1", "operation": "create",
                                          "Invoice": payload}]}  # fmt: skip
    with pytest.raises(ValueError, match="at most 30"):
        batch_body([("k", "create", "Invoice", payload)] * 31)


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999"), places=2)
quantities = st.decimals(min_value=D("0.25"), max_value=D("500"), places=2)
discounts = st.sampled_from([D(0), D("0.01"), D("0.25")])
rates = st.sampled_from([D("22"), D("10"), D("4"), D("0")])
lines = st.builds(LineInput, quantities, amounts, rates, discounts).filter(
    lambda line: line.discount <= line.quantity * line.unit_price
)


@given(st.lists(lines, min_size=1, max_size=12), st.booleans())
def test_quantity_times_price_is_each_amount_and_the_totals_are_ours(inputs, inclusive):
    invoice = export_invoice(inputs, prices_include_tax=inclusive, customer=IN_QBO)
    payload = invoice_to_qbo(invoice, qbo_mappings(), tax_rates=RATES)
    sent = json.loads(json.dumps(payload), parse_float=D)
    for line in sent["Line"]:
        detail = line["SalesItemLineDetail"]
        assert (D(detail["Qty"]) * D(detail["UnitPrice"])).quantize(CENT, ROUND_HALF_UP) == line[
            "Amount"
        ]
    assert sum(D(line["Amount"]) for line in sent["Line"]) == invoice.net_total
    assert sent["TxnTaxDetail"]["TotalTax"] == invoice.tax_total
    tax_lines = sent["TxnTaxDetail"]["TaxLine"]
    assert sum(D(t["Amount"]) for t in tax_lines) == invoice.tax_total
    assert sum(D(t["TaxLineDetail"]["NetAmountTaxable"]) for t in tax_lines) == invoice.net_total
