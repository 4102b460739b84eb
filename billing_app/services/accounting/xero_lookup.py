"""Invoices a stopped run may have created in Xero, found before anything is created again.

With our numbers, `GET Invoices?InvoiceNumbers=…` (40 numbers a call); where Xero numbers the
invoices, the Reference we sent starts with our number, so each is looked up by
`where=Reference=="…"`. Only sales invoices (ACCREC) still alive count: a deleted or voided
one was cancelled in Xero on purpose and is not linked again.
"""

from __future__ import annotations

from collections.abc import Sequence

from billing_app.integrations.export_invoice import ExportInvoice, ExportMappings
from billing_app.integrations.xero_payload import invoice_to_xero
from billing_app.services.accounting.xero_calls import Payload, XeroCalls
from billing_app.services.accounting.xero_contacts import chunks

NUMBERS_PER_CALL = 40
GONE = {"DELETED", "VOIDED"}


def _alive(records: list[Payload]) -> list[Payload]:
    return [r for r in records if r.get("Type") == "ACCREC" and r.get("Status") not in GONE]


def _by_number(calls: XeroCalls, invoices: Sequence[ExportInvoice]) -> dict[int, str]:
    wanted = {invoice.number.lower(): invoice.id for invoice in invoices}
    found: dict[int, str] = {}
    for chunk in chunks(invoices, NUMBERS_PER_CALL):
        numbers = [invoice.number for invoice in chunk]
        answer = calls.call("GET Invoices", "get_invoices", invoice_numbers=numbers, page=1)
        for record in _alive(answer.get("Invoices") or []):
            invoice_id = wanted.get(str(record.get("InvoiceNumber") or "").lower())
            if invoice_id is not None:
                found.setdefault(invoice_id, record["InvoiceID"])
    return found


def _by_reference(
    calls: XeroCalls, invoices: Sequence[ExportInvoice], mappings: ExportMappings
) -> dict[int, str]:
    found: dict[int, str] = {}
    for invoice in invoices:
        reference = str(invoice_to_xero(invoice, mappings).get("Reference") or "")
        where = 'Reference=="{}"'.format(reference.replace('"', '\\"'))
        answer = calls.call("GET Invoices", "get_invoices", where=where, page=1)
        records = _alive(answer.get("Invoices") or [])
        if records:
            found[invoice.id] = records[0]["InvoiceID"]
    return found


def found_in_xero(
    calls: XeroCalls, invoices: Sequence[ExportInvoice], mappings: ExportMappings
) -> dict[int, str]:
    """Our invoice id → the InvoiceID Xero already holds for it."""
    if not invoices:
        return {}
    if mappings.use_our_number:
        return _by_number(calls, invoices)
    return _by_reference(calls, invoices, mappings)
