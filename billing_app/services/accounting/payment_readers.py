"""Read what each provider applied to exported invoices, a chunk of invoices per call.

Xero: one `GET /Invoices?IDs=…&page=1` per ≤ 50 invoices (paged answers carry the Payments
and CreditNotes of each invoice). QuickBooks: the invoices by Id (`IN` queries of ≤ 100 ids),
then the Payments their LinkedTxn names, also by Id. Both go through the export's callers, so
rate limits, 429 and 5xx are handled the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from billing_app.domain.settlements import Settlement
from billing_app.integrations.qbo_settlements import linked_payment_ids, qbo_settlements
from billing_app.integrations.xero_settlements import xero_settlements
from billing_app.services.accounting.qbo_client import QboCaller
from billing_app.services.accounting.qbo_customers import select_in
from billing_app.services.accounting.xero_calls import XeroCalls

Settlements = dict[int, list[Settlement]]  # our invoice id → what the provider applied to it


def read_xero(calls: XeroCalls, links: Mapping[str, int]) -> Settlements:
    """`links`: Xero InvoiceID → our invoice id, at most 50 of them (one call)."""
    answer = calls.call("GET Invoices", "get_invoices", i_ds=sorted(links), page=1)
    found: Settlements = {}
    for record in answer.get("Invoices") or []:
        invoice_id = links.get(str(record.get("InvoiceID")))
        if invoice_id is not None:
            found[invoice_id] = xero_settlements(record, invoice_id)
    return found


def read_quickbooks(caller: QboCaller, links: Mapping[str, int]) -> Settlements:
    """`links`: QuickBooks invoice Id → our invoice id."""
    invoices = select_in(caller, "Invoice", "Id", list(links))
    payment_ids = sorted({pid for invoice in invoices for pid in linked_payment_ids(invoice)})
    payments = select_in(caller, "Payment", "Id", payment_ids) if payment_ids else []
    by_remote = qbo_settlements(payments)
    return {
        links[remote]: by_remote.get(remote, [])
        for remote in (str(invoice.get("Id")) for invoice in invoices)
        if remote in links
    }
