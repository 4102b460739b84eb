"""Invoices a stopped run may have created in QuickBooks, found before anything is created again.

With our numbers, by DocNumber (`IN` queries). Where QuickBooks numbers the invoices, the
private note we sent starts with our number, but QuickBooks cannot filter on it: the
candidates are read by customer and date (`CustomerRef IN … AND TxnDate IN …`) and matched
on the note here.
"""

from __future__ import annotations

from collections.abc import Sequence

from billing_app.integrations.export_invoice import ExportInvoice
from billing_app.services.accounting.qbo_client import Payload, QboCaller
from billing_app.services.accounting.qbo_customers import (
    MAX_RESULTS,
    QUERY_CHUNK,
    chunks,
    quoted,
    select_in,
)

Found = dict[int, tuple[str, str]]  # our invoice id → (QuickBooks Id, SyncToken)


def _found(row: Payload) -> tuple[str, str]:
    return str(row["Id"]), str(row["SyncToken"])


def _by_number(caller: QboCaller, invoices: Sequence[ExportInvoice]) -> Found:
    numbers = {invoice.number: invoice.id for invoice in invoices}
    found: Found = {}
    for row in select_in(caller, "Invoice", "DocNumber", list(numbers)):
        invoice_id = numbers.get(str(row.get("DocNumber")))
        if invoice_id is not None:
            found.setdefault(invoice_id, _found(row))
    return found


def _noted(row: Payload, number: str) -> bool:
    note = str(row.get("PrivateNote") or "")
    return note == number or note.startswith(number + " ")


def _by_note(caller: QboCaller, invoices: Sequence[ExportInvoice]) -> Found:
    found: Found = {}
    for part in chunks(invoices, QUERY_CHUNK):
        customers = ", ".join(sorted({quoted(str(i.customer.external_id)) for i in part}))
        dates = ", ".join(sorted({quoted(i.issue_date.isoformat()) for i in part}))
        text = (f"select * from Invoice where CustomerRef in ({customers}) "
                f"and TxnDate in ({dates}) maxresults {MAX_RESULTS}")  # fmt: skip
        rows = [r for r in caller.query(text).get("Invoice", []) if isinstance(r, dict)]
        for invoice in part:
            match = next((row for row in rows if _noted(row, invoice.number)), None)
            if match is not None:
                found[invoice.id] = _found(match)
    return found


def found_in_quickbooks(
    caller: QboCaller, invoices: Sequence[ExportInvoice], by_number: bool
) -> Found:
    if not invoices:
        return {}
    return _by_number(caller, invoices) if by_number else _by_note(caller, invoices)
