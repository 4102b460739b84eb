"""Tax on the QuickBooks test server, computed as a non-US company does (figures by hand)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from quickbooks import QuickBooks
from quickbooks.exceptions import QuickbooksException

from tests.integrations.qbo_fixtures import qb, qbo_server
from tests.integrations.qbo_server import QboServer
from tests.integrations.test_qbo_server import customer

__all__ = ["qb", "qbo_server"]


def tax_ids(server: QboServer, code_name: str) -> tuple[str, str]:
    """A seeded TaxCode's Id and the Id of its one sales TaxRate."""
    code = server.find("TaxCode", Name=code_name)
    return code["Id"], code["SalesTaxRateList"]["TaxRateDetail"][0]["TaxRateRef"]["value"]


def post_invoice(qb: QuickBooks, customer_id: str, lines: list[tuple[str, str]], **fields: Any):
    """An invoice of (amount, TaxCode Id) lines, as raw JSON; QuickBooks' answer."""
    body = {"CustomerRef": {"value": customer_id}, **fields, "Line": [
        {"DetailType": "SalesItemLineDetail", "Amount": Decimal(value),
         "SalesItemLineDetail": {"Qty": 1, "UnitPrice": Decimal(value),
                                 "TaxCodeRef": {"value": code}}}
        for value, code in lines]}  # fmt: skip
    url = f"{qb.api_url}/company/{qb.company_id}/invoice"
    return qb.post(url, json.dumps(body, default=str))["Invoice"]


def tax_line(rate: str, tax: str, net: str) -> dict[str, Any]:
    return {"Amount": tax, "DetailType": "TaxLineDetail",
            "TaxLineDetail": {"TaxRateRef": {"value": rate}, "PercentBased": True,
                              "TaxPercent": 10, "NetAmountTaxable": net}}  # fmt: skip


def test_tax_is_computed_per_rate_on_the_sum_and_tax_lines_sent_are_taken(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    code, rate = tax_ids(qbo_server, "10% IVA")
    lines = [("1.25", code)] * 3  # per line 0.125 → 0.13, x3 = 0.39; on the sum 0.375 → 0.38

    alone = post_invoice(qb, acme.Id, lines, TxnTaxDetail={"TotalTax": "0.39"})
    assert (alone["TxnTaxDetail"]["TotalTax"], alone["TotalAmt"]) == (0.38, 4.13)

    taxed = post_invoice(qb, acme.Id, lines, TxnTaxDetail={
        "TotalTax": "9.99", "TaxLine": [tax_line(rate, "0.39", "3.75")]})  # fmt: skip
    assert (taxed["TxnTaxDetail"]["TotalTax"], taxed["TotalAmt"]) == (0.39, 4.14)
    assert taxed["TxnTaxDetail"]["TaxLine"][0]["TaxLineDetail"]["NetAmountTaxable"] == 3.75


@pytest.mark.parametrize(("tax", "net"), [("0.39", "3.70"), ("0.42", "3.75")])
def test_a_tax_line_that_does_not_fit_the_lines_is_refused(
    qbo_server: QboServer, qb: QuickBooks, tax: str, net: str
) -> None:
    acme = customer(qb, "Acme")
    code, rate = tax_ids(qbo_server, "10% IVA")
    with pytest.raises(QuickbooksException) as refused:
        post_invoice(qb, acme.Id, [("1.25", code)] * 3,
                     TxnTaxDetail={"TaxLine": [tax_line(rate, tax, net)]})  # fmt: skip
    assert refused.value.error_code == 6000 and f"TaxRate {rate}" in refused.value.detail
    assert qbo_server.records("Invoice") == []


def test_tax_inclusive_amounts_include_the_tax(qbo_server: QboServer, qb: QuickBooks) -> None:
    acme = customer(qb, "Acme")
    code, _ = tax_ids(qbo_server, "22% IVA")
    invoice = post_invoice(qb, acme.Id, [("6.10", code), ("3.90", code)],
                           GlobalTaxCalculation="TaxInclusive")  # fmt: skip
    # 10.00 x 22 / 122 = 1.8032 → 1.80, net 8.20
    assert (invoice["TxnTaxDetail"]["TotalTax"], invoice["TotalAmt"]) == (1.8, 10)
    assert invoice["TxnTaxDetail"]["TaxLine"][0]["TaxLineDetail"]["NetAmountTaxable"] == 8.2


def test_a_discount_line_is_shared_over_the_rates_before_tax(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    vat22, _ = tax_ids(qbo_server, "22% IVA")
    vat10, _ = tax_ids(qbo_server, "10% IVA")
    url = f"{qb.api_url}/company/{qb.company_id}/invoice"
    body = {"CustomerRef": {"value": acme.Id}, "Line": [
        {"DetailType": "SalesItemLineDetail", "Amount": 100,
         "SalesItemLineDetail": {"TaxCodeRef": {"value": vat22}}},
        {"DetailType": "SalesItemLineDetail", "Amount": 50,
         "SalesItemLineDetail": {"TaxCodeRef": {"value": vat10}}},
        {"DetailType": "DiscountLineDetail",
         "DiscountLineDetail": {"PercentBased": True, "DiscountPercent": 10}},
    ]}  # fmt: skip
    invoice = qb.post(url, json.dumps(body))["Invoice"]
    # discount 15.00: 10.00 off the 22% lines, 5.00 off the 10% ones; 19.80 + 4.50 tax
    assert [t["Amount"] for t in invoice["TxnTaxDetail"]["TaxLine"]] == [19.8, 4.5]
    assert (invoice["TxnTaxDetail"]["TotalTax"], invoice["TotalAmt"]) == (24.3, 159.3)
