"""Invoice, customer and credit memo → QuickBooks Online v3 JSON bodies. Pure.

Each line's Amount is our stored net; with prices that include tax the invoice goes as
GlobalTaxCalculation TaxInclusive and each line also carries TaxInclusiveAmt (net + tax).
TxnTaxDetail has our TotalTax and, given the company's tax rates, one TaxLine per rate with
our amounts (qbo_tax_lines), so QuickBooks' totals equal ours to the cent: outside the US it
computes tax from the TaxLines, not from TotalTax. QuickBooks checks Amount = Qty x UnitPrice
and has no line discount: a line whose net is not exactly that (a discount, inclusive prices)
goes as one unit of its net. With US Automated Sales Tax QuickBooks computes the tax itself.
An update is sparse (Id, SyncToken, "sparse": true): what we do not send stays as it is.

Length limits (Intuit's Customer reference, minor version 75; python-quickbooks'
objects/customer.py and base.Address name the fields): DisplayName 500, CompanyName 100,
BillAddr (PhysicalAddress) Line1 500, City 255, PostalCode 30, CountrySubDivisionCode 255,
Country 255 (an ISO alpha-3 code or the country's name: we send the English name). Our
address columns are shorter than those, so an address is never cut; a name over 100 goes cut
as CompanyName. Intuit gives no length for PrimaryTaxIdentifier: we send at most
TAX_ID_LENGTH (20) characters, more than any VAT, GST or business number format (≤ 15), and
leave a longer one out rather than send a cut, wrong tax id. Either one comes with a sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import Locale

from billing_app.domain.errors import BillingError
from billing_app.domain.money import quantize
from billing_app.domain.tax_rates import rate_key
from billing_app.integrations.export_invoice import (
    ExportCreditNote,
    ExportCustomer,
    ExportInvoice,
    ExportLine,
    ExportMappings,
    json_amount,
    tax_codes_for,
)
from billing_app.integrations.qbo_tax_lines import TaxRates, tax_lines

BATCH_SIZE = 30
ONE = Decimal(1)
DOC_NUMBER_LENGTH = 21
DISPLAY_NAME_LENGTH = 500
COMPANY_NAME_LENGTH = 100
TAX_ID_LENGTH = 20
Payload = dict[str, Any]


@dataclass(frozen=True)
class QboAddress:
    """A customer's postal address (models.PostalAddress); `country` is ISO 3166 alpha-2."""

    street: str = ""
    city: str = ""
    postcode: str = ""
    region: str = ""
    country: str = ""


def bill_addr(address: QboAddress) -> Payload:
    """A PhysicalAddress with the parts we have."""
    country = Locale("en").territories.get(address.country.upper(), address.country)
    parts = {"Line1": address.street, "City": address.city, "PostalCode": address.postcode,
             "CountrySubDivisionCode": address.region, "Country": country}  # fmt: skip
    return {key: value.strip() for key, value in parts.items() if value.strip()}


def _sales_line(
    line: ExportLine, invoice: ExportInvoice, mappings: ExportMappings, tax_codes: dict[str, str]
) -> Payload:
    exact = quantize(line.quantity * line.unit_price, invoice.currency) == line.net
    item = mappings.items.get(line.item_code or "", mappings.sales_account)
    detail = {
        "ItemRef": {"value": item},
        "Qty": json_amount(line.quantity if exact else ONE),
        "UnitPrice": json_amount(line.unit_price if exact else line.net),
        "TaxCodeRef": {"value": tax_codes[rate_key(line.tax_rate)]},
    }
    if invoice.prices_include_tax:
        detail["TaxInclusiveAmt"] = json_amount(line.net + line.tax)
    return {
        "DetailType": "SalesItemLineDetail",
        "Amount": json_amount(line.net),
        "Description": line.description,
        "SalesItemLineDetail": detail,
    }


def _customer_ref(invoice: ExportInvoice) -> Payload:
    if not invoice.customer.external_id:
        raise BillingError(
            "customer_not_in_quickbooks",
            f"Invoice {invoice.number}: customer {invoice.customer.name} is not in QuickBooks "
            "yet; resolve or create the customers before the invoices.",
        )
    return {"value": invoice.customer.external_id}


def _doc_number(document: str, number: str) -> str:
    if len(number) > DOC_NUMBER_LENGTH:
        raise BillingError(
            "number_too_long",
            f"{document}: number {number} is longer than QuickBooks allows "
            f"({DOC_NUMBER_LENGTH} characters); use QuickBooks' numbers in Admin > Accounting "
            "or a shorter number format.",
        )
    return number


def _transaction(
    document: str,
    invoice: ExportInvoice,
    lines: tuple[ExportLine, ...],
    tax_total: Decimal,
    mappings: ExportMappings,
    tax_rates: TaxRates | None,
) -> Payload:
    """What invoices and credit memos share (no TaxLine without the company's `tax_rates`)."""
    tax_codes = tax_codes_for(document, lines, mappings)
    tax: Payload = {"TotalTax": json_amount(tax_total)}
    if tax_rates is not None:
        tax["TaxLine"] = tax_lines(document, lines, tax_codes, tax_rates)
    inclusive = "TaxInclusive" if invoice.prices_include_tax else "TaxExcluded"
    return {
        "CustomerRef": _customer_ref(invoice),
        "CurrencyRef": {"value": invoice.currency},
        "GlobalTaxCalculation": inclusive,
        "TxnTaxDetail": tax,
        "Line": [_sales_line(line, invoice, mappings, tax_codes) for line in lines],
    }


def invoice_to_qbo(
    invoice: ExportInvoice,
    mappings: ExportMappings,
    sync_token: str | None = None,
    *,
    tax_rates: TaxRates | None = None,
    address: QboAddress | None = None,
) -> Payload:
    """An Invoice to create, or (with the external id and its SyncToken) a sparse update.

    tax_rates: the company's TaxCode Id → rates (qbo_customers.resolve_tax_rates), for the
    TaxLines; address: the customer's, sent as BillAddr.
    """
    document = f"Invoice {invoice.number}"
    payload = _transaction(document, invoice, invoice.lines, invoice.tax_total, mappings,
                           tax_rates)  # fmt: skip
    payload["TxnDate"] = invoice.issue_date.isoformat()
    if invoice.due_date:
        payload["DueDate"] = invoice.due_date.isoformat()
    if mappings.use_our_number:
        payload["DocNumber"] = _doc_number(document, invoice.number)
    note = invoice.reference if mappings.use_our_number else f"{invoice.number} {invoice.reference}"
    if note.strip():
        payload["PrivateNote"] = note.strip()
    if address is not None and bill_addr(address):
        payload["BillAddr"] = bill_addr(address)
    if invoice.external_id:
        if sync_token is None:
            raise ValueError("updating a QuickBooks invoice needs its SyncToken")
        payload |= sparse_update(invoice.external_id, sync_token)
    return payload


def sparse_update(qbo_id: str, sync_token: str) -> Payload:
    """What turns a body into a sparse update of an existing entity."""
    return {"Id": qbo_id, "SyncToken": sync_token, "sparse": True}


def credit_memo_to_qbo(
    credit: ExportCreditNote, mappings: ExportMappings, tax_rates: TaxRates | None = None
) -> Payload:
    """A CreditMemo for a refund of an exported invoice (its TaxLines, as for invoices)."""
    document = f"Credit note {credit.number}"
    payload = _transaction(document, credit.invoice, credit.lines, credit.tax_total, mappings,
                           tax_rates)  # fmt: skip
    payload["TxnDate"] = credit.issue_date.isoformat()
    payload["PrivateNote"] = f"Refund of invoice {credit.invoice.number}"
    if mappings.use_our_number:
        payload["DocNumber"] = _doc_number(document, credit.number)
    return payload


def refund_receipt_to_qbo(
    credit: ExportCreditNote,
    mappings: ExportMappings,
    deposit_account: str,
    tax_rates: TaxRates | None = None,
) -> Payload:
    """A RefundReceipt: the invoice's lines paid back out of `deposit_account` (the bank)."""
    payload = credit_memo_to_qbo(credit, mappings, tax_rates)
    payload["DepositToAccountRef"] = {"value": deposit_account}
    return payload


def credit_application_to_qbo(
    customer_id: str, invoice_id: str, credit_memo_id: str, amount: Decimal, on: dt.date
) -> Payload:
    """A zero-total Payment that applies `amount` of a credit memo to an invoice."""
    return {
        "CustomerRef": {"value": customer_id},
        "TotalAmt": 0,
        "TxnDate": on.isoformat(),
        "Line": [
            {"Amount": json_amount(amount),
             "LinkedTxn": [{"TxnId": txn_id, "TxnType": txn_type}]}
            for txn_id, txn_type in ((invoice_id, "Invoice"), (credit_memo_id, "CreditMemo"))
        ],
    }  # fmt: skip


def display_name(name: str) -> str:
    """QuickBooks refuses colons, tabs and new lines in a DisplayName."""
    cleaned = " ".join(name.replace(":", " - ").split())
    return cleaned[:DISPLAY_NAME_LENGTH]


def customer_to_qbo(
    customer: ExportCustomer, address: QboAddress | None = None
) -> tuple[Payload, str]:
    """A Customer to create for a customer that matched none (see domain.contact_match), and
    the sentence saying what had to be cut or left out for QuickBooks ("" if nothing)."""
    company = " ".join(customer.name.split())
    payload: Payload = {"DisplayName": display_name(customer.name),
                        "CompanyName": company[:COMPANY_NAME_LENGTH]}  # fmt: skip
    notes = []
    if len(company) > COMPANY_NAME_LENGTH:
        notes.append(f"The customer name was cut to {COMPANY_NAME_LENGTH} characters for "
                     f"QuickBooks: '{payload['CompanyName']}'.")  # fmt: skip
    if customer.emails:
        payload["PrimaryEmailAddr"] = {"Address": customer.emails[0]}
    tax_id = "".join(customer.vat_id.split()).replace(".", "")
    if len(tax_id) > TAX_ID_LENGTH:
        notes.append(f"The VAT id {customer.vat_id} is longer than the {TAX_ID_LENGTH} "
                     "characters QuickBooks takes and was left out; check it in Admin > "
                     "Customers.")  # fmt: skip
    elif tax_id:
        payload["PrimaryTaxIdentifier"] = tax_id
    if customer.currency:
        payload["CurrencyRef"] = {"value": customer.currency}
    if address is not None and bill_addr(address):
        payload["BillAddr"] = bill_addr(address)
    return payload, " ".join(notes)


def batch_body(items: Iterable[tuple[str, str, str, Payload]]) -> Payload:
    """`POST /batch`: (bId, operation, entity name, payload) per item, at most BATCH_SIZE.

    bId is the item's idempotency key, which maps each BatchItemResponse back to its invoice.
    """
    requests = [
        {"bId": b_id, "operation": operation, entity: payload}
        for b_id, operation, entity, payload in items
    ]
    if len(requests) > BATCH_SIZE:
        raise ValueError(f"{len(requests)} items in one QuickBooks batch; at most {BATCH_SIZE}.")
    return {"BatchItemRequest": requests}
