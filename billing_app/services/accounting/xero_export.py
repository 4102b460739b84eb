"""Export invoices to Xero: issue Drafts, resolve contacts in bulk, push 50 invoices a call.

Transactions are committed as the export goes (Drafts issued, contacts stored, then each
chunk), so what Xero holds is recorded before the next call: a crash loses at most the chunk
in flight, and rerunning sends that chunk again with the same Idempotency-Key (the key of the
chunk's invoice versions), which Xero answers with what it already stored. Invoices that have
an InvoiceExport row go by `POST /Invoices` with their InvoiceID: Xero updates them.

A Draft is issued (numbered, Draft → Exported via export, the only way the transition table
allows) before it is pushed, because Xero must get its number; if Xero then refuses it, it
stays numbered and the export log says why (an invoice number is never given back).

Calls are paced by the organisation's budget shared by every process (budgets.py). When Xero's
daily limit is used up (or it asks to wait longer than a minute limit), the run stops there:
every invoice not yet sent gets the sentence saying when the export can resume, and is left as
it was, so a rerun then exports it. No write is left uncommitted across a call (the budget
store takes SQLite's write lock in a connection of its own).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from sqlmodel import Session, col, select

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import batch_key, export_key
from billing_app.domain.rate_limit import CallLimitReached
from billing_app.domain.roles import Permission
from billing_app.integrations.export_invoice import (
    ExportInvoice,
    ExportMappings,
    MissingMapping,
    tax_codes_for,
)
from billing_app.integrations.xero_payload import INVOICES_PER_CALL, invoice_to_xero, invoices_body
from billing_app.models import Invoice
from billing_app.services.accounting.budgets import shared_budgets
from billing_app.services.accounting.export_intents import record_intents, unresolved_intents
from billing_app.services.accounting.export_log import (
    Attempt,
    InvoiceExportResult,
    Outcome,
    invoice_label,
    record_failure,
    record_success,
)
from billing_app.services.accounting.issuing import issue_for_export
from billing_app.services.accounting.snapshots import export_lines, export_snapshots
from billing_app.services.accounting.xero_calls import (
    Payload,
    XeroAccess,
    XeroCallFailed,
    XeroCalls,
    refusal,
)
from billing_app.services.accounting.xero_contacts import chunks, resolve_contacts
from billing_app.services.accounting.xero_lookup import found_in_xero
from billing_app.services.actor import Actor
from billing_app.services.authorization import require

XERO = Provider.XERO
Results = dict[int, InvoiceExportResult]
UNANSWERED = (
    "Xero answered for {} of the {} invoices sent, not for this one; export it again: "
    "it is looked up in Xero before anything is created twice."
)


def _attempt(invoice_id: int, version: int) -> Attempt:
    return Attempt(XERO, invoice_id, version, export_key(XERO, invoice_id, version))


def _fail(session: Session, results: Results, attempt: Attempt, message: str,
          outcome: Outcome = Outcome.FAILED) -> None:  # fmt: skip
    results[attempt.invoice_id] = record_failure(session, attempt, message, outcome)


def _mapped(
    session: Session, invoice_ids: Sequence[int], mappings: ExportMappings, results: Results
) -> list[Invoice]:
    """The invoices whose lines are all mapped; the others get the sentence saying what to map."""
    invoices = session.exec(select(Invoice).where(col(Invoice.id).in_(invoice_ids))).all()
    found = {invoice.id: invoice for invoice in invoices if invoice.id is not None}
    lines = export_lines(session, list(found))
    ready = []
    for invoice_id in dict.fromkeys(invoice_ids):
        invoice = found.get(invoice_id)
        if invoice is None:
            results[invoice_id] = InvoiceExportResult(
                invoice_id, f"#{invoice_id}", Outcome.FAILED, "The invoice no longer exists."
            )
            continue
        try:
            tax_codes_for(f"Invoice {invoice_label(invoice)}", lines.get(invoice_id, []), mappings)
        except MissingMapping as missing:
            attempt = _attempt(invoice_id, invoice.version)
            _fail(session, results, attempt, missing.message, Outcome.MISSING_MAPPING)
            continue
        ready.append(invoice)
    return ready


def _with_contacts(
    session: Session, calls: XeroCalls, invoices: list[ExportInvoice], results: Results
) -> list[ExportInvoice]:
    customers = {invoice.customer.id: invoice.customer for invoice in invoices}
    contacts = resolve_contacts(session, calls, list(customers.values()))
    ready = []
    for invoice in invoices:
        contact_id = contacts.ids.get(invoice.customer.id)
        if contact_id is None:
            message = contacts.failed.get(invoice.customer.id, "Xero has no contact for it.")
            attempt = _attempt(invoice.id, invoice.version)
            _fail(session, results, attempt, message)
            continue
        ready.append(replace(invoice, customer=replace(invoice.customer, external_id=contact_id)))
    return ready


def _answered(
    session: Session, actor: Actor, attempt: Attempt, record: Payload, results: Results
) -> None:
    why = refusal(record, "InvoiceID")
    if why is not None:
        _fail(session, results, attempt, why)
        return
    results[attempt.invoice_id] = record_success(session, actor, attempt, record["InvoiceID"])


def push_chunk(
    session: Session,
    actor: Actor,
    calls: XeroCalls,
    chunk: Sequence[ExportInvoice],
    mappings: ExportMappings,
    results: Results,
) -> None:
    """One `PUT /Invoices` (new ones) or `POST /Invoices` (exported before) of ≤ 50 invoices."""
    update = bool(chunk[0].external_id)
    # an update may carry the version its create carried (a Draft is issued before it is
    # pushed): its key must differ, or Xero answers that the key was used for another request
    operation = "update" if update else "invoice"
    going: list[ExportInvoice] = []
    payloads = []
    refused: list[tuple[Attempt, str]] = []  # recorded after the call: no write across it
    for invoice in chunk:
        try:
            payloads.append(invoice_to_xero(invoice, mappings))
        except BillingError as error:
            refused.append((_attempt(invoice.id, invoice.version), error.message))
            continue
        going.append(invoice)
    key = batch_key((export_key(XERO, i.id, i.version, operation) for i in going), payloads)
    sent = [Attempt(XERO, invoice.id, invoice.version, key) for invoice in going]
    try:
        if sent:
            if not update:  # committed before the call: a rerun looks these up first
                record_intents(session, XERO, sent)
                session.commit()
            _send_chunk(session, actor, calls, update, key, sent, payloads, results)
    finally:
        for attempt, message in refused:
            _fail(session, results, attempt, message)


def _send_chunk(
    session: Session,
    actor: Actor,
    calls: XeroCalls,
    update: bool,
    key: str,
    sent: list[Attempt],
    payloads: list[Payload],
    results: Results,
) -> None:
    kind, method = ("POST Invoices", "update_or_create_invoices") if update else (
        "PUT Invoices", "create_invoices")  # fmt: skip
    try:
        answer = calls.call(kind, method, invoices=invoices_body(payloads), summarize_errors=False,
                            unitdp=4, idempotency_key=key)  # fmt: skip
    except XeroCallFailed as error:
        for attempt in sent:
            _fail(session, results, attempt, error.message)
        return
    except CallLimitReached as stop:
        for attempt in sent:
            _fail(session, results, attempt, stop.sentence("the export"))
        raise
    records = answer.get("Invoices") or []
    for attempt, record in zip(sent, records, strict=False):
        _answered(session, actor, attempt, record, results)
    for attempt in sent[len(records) :]:
        _fail(session, results, attempt, UNANSWERED.format(len(records), len(sent)))


def export_invoices(
    session: Session,
    actor: Actor,
    invoice_ids: Sequence[int],
    access: XeroAccess,
    mappings: ExportMappings,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> list[InvoiceExportResult]:
    """One result per invoice, in the order asked (commits as it goes: see the module doc)."""
    require(session, actor, Permission.CHANGE_BILLING, "export invoices to Xero")
    results: Results = {}
    ready = _mapped(session, invoice_ids, mappings, results)
    issue_for_export(session, actor, ready)
    session.commit()
    calls = XeroCalls(access, sleep=sleep, clock=clock, budgets=shared_budgets(session))
    taken = export_snapshots(session, [invoice.id for invoice in ready if invoice.id], XERO)
    snapshots = [taken[i.id] for i in ready if i.id in taken]
    try:
        invoices = _with_contacts(session, calls, snapshots, results)
        session.commit()
        invoices = _linked_by_number(session, actor, calls, invoices, mappings, results)
        session.commit()
        creates = [invoice for invoice in invoices if not invoice.external_id]
        updates = [invoice for invoice in invoices if invoice.external_id]
        for group in (creates, updates):
            for chunk in chunks(group, INVOICES_PER_CALL):
                push_chunk(session, actor, calls, chunk, mappings, results)
                session.commit()
    except CallLimitReached as stop:
        _stopped(session, results, snapshots, stop.sentence("the export"))
        session.commit()
    except XeroCallFailed as error:  # before any invoice was sent: contacts or look-ups
        _stopped(session, results, snapshots, f"Not exported: {error.message}")
        session.commit()
    return [results[invoice_id] for invoice_id in dict.fromkeys(invoice_ids)]


def _stopped(
    session: Session, results: Results, invoices: Iterable[ExportInvoice], message: str
) -> None:
    """The run stopped (Xero's limit, or Xero failing before the invoices went): every invoice
    without a result yet is left as it was, with the sentence saying why and when to resume."""
    for invoice in invoices:
        if invoice.id not in results:
            _fail(session, results, _attempt(invoice.id, invoice.version), message)


def _linked_by_number(
    session: Session,
    actor: Actor,
    calls: XeroCalls,
    invoices: list[ExportInvoice],
    mappings: ExportMappings,
    results: Results,
) -> list[ExportInvoice]:
    """Invoices a stopped run may have created (see export_intents) are looked up in Xero:
    found with the version sent, they are linked; found since changed, they become updates."""
    unlinked = [invoice for invoice in invoices if not invoice.external_id]
    intents = unresolved_intents(session, XERO, [invoice.id for invoice in unlinked])
    found = found_in_xero(calls, [i for i in unlinked if i.id in intents], mappings)
    left = []
    for invoice in invoices:
        invoice_id = found.get(invoice.id)
        if invoice_id is None:
            left.append(invoice)
        elif intents[invoice.id].invoice_version == invoice.version:
            attempt = Attempt(
                XERO, invoice.id, invoice.version, intents[invoice.id].idempotency_key
            )
            results[invoice.id] = record_success(session, actor, attempt, invoice_id)
        else:
            left.append(replace(invoice, external_id=invoice_id))
    return left
