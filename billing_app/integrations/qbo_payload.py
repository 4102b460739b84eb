"""Invoice, customer and credit memo → QuickBooks Online v3 JSON bodies. Pure.

Amounts always go tax-exclusive (GlobalTaxCalculation TaxExcluded) as our stored line nets,
with TxnTaxDetail.TotalTax set to our tax total, so QuickBooks' totals equal ours to the cent
for tax-inclusive invoices too. QuickBooks checks Amount = Qty x UnitPrice and has no line
discount: a line whose net is not exactly that (a discount, inclusive prices) goes as one unit
of its net. With US Automated Sales Tax QuickBooks computes the tax itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

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

BATCH_SIZE = 30
ONE = Decimal(1)
DOC_NUMBER_LENGTH = 21
DISPLAY_NAME_LENGTH = 500
Payload = dict[str, Any]


def _sales_line(
    line: ExportLine, currency: str, mappings: ExportMappings, tax_codes: dict[str, str]
) -> Payload:
    exact = quantize(line.quantity * line.unit_price, currency) == line.net
    item = mappings.items.get(line.item_code or "", mappings.sales_account)
    return {
        "DetailType": "SalesItemLineDetail",
        "Amount": json_amount(line.net),
        "Description": line.description,
        "SalesItemLineDetail": {
            "ItemRef": {"value": item},
            "Qty": json_amount(line.quantity if exact else ONE),
            "UnitPrice": json_amount(line.unit_price if exact else line.net),
            "TaxCodeRef": {"value": tax_codes[rate_key(line.tax_rate)]},
        },
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
) -> Payload:
    """What invoices and credit memos share."""
    tax_codes = tax_codes_for(document, lines, mappings)
    return {
        "CustomerRef": _customer_ref(invoice),
        "CurrencyRef": {"value": invoice.currency},
        "GlobalTaxCalculation": "TaxExcluded",
        "TxnTaxDetail": {"TotalTax": json_amount(tax_total)},
        "Line": [_sales_line(line, invoice.currency, mappings, tax_codes) for line in lines],
    }


def invoice_to_qbo(
    invoice: ExportInvoice, mappings: ExportMappings, sync_token: str | None = None
) -> Payload:
    """An Invoice to create, or (with the external id and its SyncToken) to update."""
    document = f"Invoice {invoice.number}"
    payload = _transaction(document, invoice, invoice.lines, invoice.tax_total, mappings)
    payload["TxnDate"] = invoice.issue_date.isoformat()
    if invoice.due_date:
        payload["DueDate"] = invoice.due_date.isoformat()
    if mappings.use_our_number:
        payload["DocNumber"] = _doc_number(document, invoice.number)
    note = invoice.reference if mappings.use_our_number else f"{invoice.number} {invoice.reference}"
    if note.strip():
        payload["PrivateNote"] = note.strip()
    if invoice.external_id:
        if sync_token is None:
            raise ValueError("updating a QuickBooks invoice needs its SyncToken")
        payload |= {"Id": invoice.external_id, "SyncToken": sync_token}
    return payload


def credit_memo_to_qbo(credit: ExportCreditNote, mappings: ExportMappings) -> Payload:
    """A CreditMemo for a refund of an exported invoice."""
    document = f"Credit note {credit.number}"
    payload = _transaction(document, credit.invoice, credit.lines, credit.tax_total, mappings)
    payload["TxnDate"] = credit.issue_date.isoformat()
    payload["PrivateNote"] = f"Refund of invoice {credit.invoice.number}"
    if mappings.use_our_number:
        payload["DocNumber"] = _doc_number(document, credit.number)
    return payload


def refund_receipt_to_qbo(
    credit: ExportCreditNote, mappings: ExportMappings, deposit_account: str
) -> Payload:
    """A RefundReceipt: the invoice's lines paid back out of `deposit_account` (the bank)."""
    payload = credit_memo_to_qbo(credit, mappings)
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


def customer_to_qbo(customer: ExportCustomer) -> Payload:
    """A Customer to create for a customer that matched none (see domain.contact_match)."""
    payload: Payload = {"DisplayName": display_name(customer.name), "CompanyName": customer.name}
    if customer.emails:
        payload["PrimaryEmailAddr"] = {"Address": customer.emails[0]}
    if customer.vat_id:
        payload["PrimaryTaxIdentifier"] = customer.vat_id
    if customer.currency:
        payload["CurrencyRef"] = {"value": customer.currency}
    return payload


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
