"""A refund in Xero: an ACCRECCREDIT credit note, settled against the invoice and in cash.

The credit note takes the invoice's lines; what the Xero invoice still has due is settled by
an allocation, the rest (what Xero recorded as received) by a cash refund (`PUT /Payments`
against the credit note, Xero's documented way). Every write carries its own deterministic
Idempotency-Key, and the split is computed from the credit note's RemainingCredit as Xero
has it now, so a rerun after a crash replays the credit note and settles only what is left.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import refund_key
from billing_app.integrations.export_invoice import ExportCreditNote, ExportMappings
from billing_app.integrations.xero_payload import (
    allocation_to_xero,
    cash_refund_to_xero,
    credit_note_to_xero,
)
from billing_app.services.accounting.xero_calls import Payload, XeroCalls, refusal


def _amount(value: object) -> Decimal:
    return Decimal(str(value or 0))


def _first(answer: Payload, collection: str) -> Payload:
    """The one record of a write or a lookup; Xero's own words when it refused it."""
    records = answer.get(collection) or [{}]
    record = records[0] if isinstance(records[0], dict) else {}
    why = refusal(record)
    if why is not None:
        raise BillingError("xero_refused", why)
    return record


def push_credit_note(
    calls: XeroCalls,
    credit: ExportCreditNote,
    refund_id: int,
    mappings: ExportMappings,
    payment_account: str,
) -> str:
    """The CreditNoteID once the credit is fully settled; raises BillingError otherwise."""
    key = partial(refund_key, Provider.XERO, refund_id)
    created = _first(
        calls.call("PUT CreditNotes", "create_credit_notes", summarize_errors=False, unitdp=4,
                   credit_notes={"CreditNotes": [credit_note_to_xero(credit, mappings)]},
                   idempotency_key=key("credit_note")),
        "CreditNotes",
    )  # fmt: skip
    note_id = str(created["CreditNoteID"])
    where = f'CreditNoteID==guid("{note_id}")'
    note = _first(calls.call("GET CreditNotes", "get_credit_notes", where=where), "CreditNotes")
    remaining = _amount(note.get("RemainingCredit"))
    if remaining <= 0:
        return note_id  # settled by an earlier run
    lookup = calls.call("GET Invoices", "get_invoices", i_ds=[credit.invoice.external_id])
    due = _amount(_first(lookup, "Invoices").get("AmountDue"))
    allocated = min(due, remaining)
    if allocated > 0:
        _first(
            calls.call("PUT Allocations", "create_credit_note_allocation", credit_note_id=note_id,
                       allocations=allocation_to_xero(credit, allocated), summarize_errors=False,
                       idempotency_key=key("allocation")),
            "Allocations",
        )  # fmt: skip
    paid_back = remaining - allocated
    if paid_back > 0:
        if not payment_account:
            raise BillingError(
                "missing_mapping",
                f"Invoice {credit.invoice.number} is paid in Xero, so its refund is paid out of "
                "a bank account: choose the Xero payment account in Admin > Accounting.",
            )
        body = cash_refund_to_xero(credit, note_id, payment_account, paid_back)
        _first(
            calls.call("PUT Payments", "create_payments", payments=body, summarize_errors=False,
                       idempotency_key=key("cash_refund")),
            "Payments",
        )  # fmt: skip
    return note_id
