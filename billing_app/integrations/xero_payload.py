"""Invoice, contact and credit note → the JSON bodies of Xero's Accounting API. Pure.

Lines carry LineAmount and TaxAmount as we computed them (tax per line, like Xero), so the
totals Xero shows equal ours to the cent. Discounts go as DiscountAmount (our discount is an
amount; a DiscountRate would have to be rounded); credit notes take no discount in Xero, so a
discounted line is credited as one unit of its amount. Send with `unitdp=4`: Xero otherwise
rounds unit amounts to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from billing_app.domain.errors import BillingError
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

INVOICES_PER_CALL = 50
Payload = dict[str, Any]


def _line_amount_types(invoice: ExportInvoice) -> str:
    return "Inclusive" if invoice.prices_include_tax else "Exclusive"


def _line_item(
    line: ExportLine,
    invoice: ExportInvoice,
    mappings: ExportMappings,
    tax_types: dict[str, str],
    *,
    discounts: bool,
) -> Payload:
    amount = line.priced_amount(invoice.prices_include_tax)
    as_one_unit = line.discount and not discounts
    item: Payload = {
        "Description": line.description or line.kind.value.replace("_", " "),
        "Quantity": 1.0 if as_one_unit else json_amount(line.quantity),
        "UnitAmount": json_amount(amount if as_one_unit else line.unit_price),
        "AccountCode": mappings.sales_account,
        "TaxType": tax_types[rate_key(line.tax_rate)],
        "LineAmount": json_amount(amount),
        "TaxAmount": json_amount(line.tax),
    }
    if line.discount and discounts:
        item["DiscountAmount"] = json_amount(line.discount)
    if line.item_code and line.item_code in mappings.items:
        item["ItemCode"] = mappings.items[line.item_code]
    return item


def contact_ref(customer: ExportCustomer) -> Payload:
    """The stored ContactID; else the name, which Xero matches or creates."""
    if customer.external_id:
        return {"ContactID": customer.external_id}
    return {"Name": customer.name}


def invoice_to_xero(invoice: ExportInvoice, mappings: ExportMappings) -> Payload:
    """One invoice of `PUT/POST /Invoices`; raises MissingMapping naming what to map."""
    tax_types = tax_codes_for(f"Invoice {invoice.number}", invoice.lines, mappings)
    payload: Payload = {
        "Type": "ACCREC",
        "Contact": contact_ref(invoice.customer),
        "Date": invoice.issue_date.isoformat(),
        "LineAmountTypes": _line_amount_types(invoice),
        "CurrencyCode": invoice.currency,
        "Status": mappings.xero_status.value,
        "LineItems": [
            _line_item(line, invoice, mappings, tax_types, discounts=True) for line in invoice.lines
        ],
    }
    if invoice.due_date:
        payload["DueDate"] = invoice.due_date.isoformat()
    if mappings.use_our_number:
        payload["InvoiceNumber"] = invoice.number
        reference = invoice.reference
    else:
        reference = " · ".join(filter(None, (invoice.number, invoice.reference)))
    if reference:
        payload["Reference"] = reference
    if invoice.external_id:
        payload["InvoiceID"] = invoice.external_id
    return payload


def invoices_body(payloads: Iterable[Payload]) -> Payload:
    """The body of one call: at most INVOICES_PER_CALL invoices (summarizeErrors=false)."""
    invoices = list(payloads)
    if len(invoices) > INVOICES_PER_CALL:
        raise ValueError(f"{len(invoices)} invoices in one Xero call; at most 50.")
    return {"Invoices": invoices}


def contact_to_xero(customer: ExportCustomer) -> Payload:
    """A contact to create for a customer that matched none (see domain.contact_match)."""
    contact: Payload = {"Name": customer.name}
    if customer.emails:
        contact["EmailAddress"] = customer.emails[0]
    if customer.vat_id:
        contact["TaxNumber"] = customer.vat_id
    return contact


def contacts_body(customers: Iterable[ExportCustomer]) -> Payload:
    return {"Contacts": [contact_to_xero(customer) for customer in customers]}


def credit_note_to_xero(credit: ExportCreditNote, mappings: ExportMappings) -> Payload:
    """An ACCRECCREDIT for a refund, authorised so it can be allocated to the invoice."""
    invoice = credit.invoice
    tax_types = tax_codes_for(f"Credit note {credit.number}", credit.lines, mappings)
    payload: Payload = {
        "Type": "ACCRECCREDIT",
        "Contact": contact_ref(invoice.customer),
        "Date": credit.issue_date.isoformat(),
        "LineAmountTypes": _line_amount_types(invoice),
        "CurrencyCode": invoice.currency,
        "Status": "AUTHORISED",
        "Reference": invoice.number,
        "LineItems": [
            _line_item(line, invoice, mappings, tax_types, discounts=False) for line in credit.lines
        ],
    }
    if mappings.use_our_number:
        payload["CreditNoteNumber"] = credit.number
    return payload


def allocation_to_xero(credit: ExportCreditNote, amount: Decimal | None = None) -> Payload:
    """`PUT /CreditNotes/{id}/Allocations`: the credit (or `amount` of it) against the refunded
    invoice."""
    if not credit.invoice.external_id:
        raise BillingError(
            "invoice_not_exported",
            f"Invoice {credit.invoice.number} is not in Xero yet; export it before crediting it.",
        )
    return {
        "Allocations": [
            {
                "Invoice": {"InvoiceID": credit.invoice.external_id},
                "Amount": json_amount(credit.total if amount is None else amount),
                "Date": credit.issue_date.isoformat(),
            }
        ]
    }


def cash_refund_to_xero(
    credit: ExportCreditNote, credit_note_id: str, account_code: str, amount: Decimal
) -> Payload:
    """`PUT /Payments`: money paid back out of `account_code` against the credit note (Xero's
    way to refund a credit note in cash)."""
    return {
        "Payments": [
            {
                "CreditNote": {"CreditNoteID": credit_note_id},
                "Account": {"Code": account_code},
                "Date": credit.issue_date.isoformat(),
                "Amount": json_amount(amount),
                "Reference": f"Refund of invoice {credit.invoice.number}",
            }
        ]
    }
