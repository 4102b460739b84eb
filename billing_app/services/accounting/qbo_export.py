"""Export invoices to QuickBooks Online: customers in bulk, invoices in batches of 30.

1. Every invoice's mappings are checked first: an invoice that cannot be mapped is reported
   (and logged) and left alone, a Draft keeping its Draft status and taking no number.
2. The Drafts left are issued (number and dates, Draft → Exported by export) in one
   transaction: the payload needs the number. See the report: a provider refusal after this
   leaves the issued invoice Exported without an InvoiceExport row.
3. Customers resolved in bulk (qbo_customers). Existing QuickBooks invoices are read in a few
   `IN` queries: by stored Id (their SyncToken, for an update) and by DocNumber, so that a
   rerun after a crash finds what a lost answer had created and updates it instead.
4. Batches of ≤ 30 with one requestid each, deterministic over the items' keys (invoice id +
   version), so a retry of the same batch is answered from QuickBooks' store.
5. Each batch's answers recorded (export_log) and committed right after the call, so a crash
   loses at most the batch in flight; a rerun finds what it created by DocNumber.

Calls are paced by the company's budgets shared by every process (budgets.py); no write is
left uncommitted across a call. When QuickBooks asks to wait longer than a minute limit, the
run stops there: every invoice not yet sent gets the sentence saying when the export can
resume, and is left as it was (a rerun then exports it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
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
from billing_app.integrations.qbo_payload import BATCH_SIZE, invoice_to_qbo
from billing_app.integrations.qbo_tax_lines import TaxRates
from billing_app.models import Invoice
from billing_app.services.accounting.budgets import shared_budgets
from billing_app.services.accounting.export_intents import record_intents, unresolved_intents
from billing_app.services.accounting.export_log import (
    Attempt,
    InvoiceExportResult,
    Outcome,
    record_failure,
    record_success,
)
from billing_app.services.accounting.issuing import issue_for_export
from billing_app.services.accounting.qbo_client import Payload, QboCaller, QuickBooksAccess
from billing_app.services.accounting.qbo_customers import (
    CustomerIds,
    fault_message,
    resolve_customers,
    resolve_tax_rates,
    select_in,
)
from billing_app.services.accounting.qbo_lookup import found_in_quickbooks
from billing_app.services.accounting.snapshots import export_lines, export_snapshots
from billing_app.services.actor import Actor
from billing_app.services.authorization import require

QBO = Provider.QUICKBOOKS
UNANSWERED = "QuickBooks gave no answer for it; export again (it is looked up by name first)."
STOPPING = {"quickbooks_unauthorized", "quickbooks_unavailable", "daily_limit"}


def _attempt(invoice_id: int, version: int, sync_token: str | None = None) -> Attempt:
    """An update's key names the SyncToken it updates: the same update retried replays, a
    re-export of an unchanged invoice still updates."""
    operation = "invoice" if sync_token is None else f"update:{sync_token}"
    return Attempt(QBO, invoice_id, version, export_key(QBO, invoice_id, version, operation))


def _check_mappings(
    session: Session, invoices: Sequence[Invoice], mappings: ExportMappings
) -> dict[int, str]:
    """The mapping sentence of each invoice that cannot be exported as mapped."""
    lines = export_lines(session, [i.id for i in invoices if i.id is not None])
    missing: dict[int, str] = {}
    for invoice in invoices:
        assert invoice.id is not None
        document = f"Invoice {invoice.number or f'Draft #{invoice.id}'}"
        try:
            tax_codes_for(document, lines.get(invoice.id, []), mappings)
        except MissingMapping as error:
            missing[invoice.id] = error.message
    return missing


def _remote_invoices(
    session: Session, caller: QboCaller, snapshots: Sequence[ExportInvoice], by_number: bool
) -> dict[int, tuple[str, str]]:
    """Our invoice id → (QuickBooks Id, SyncToken) of what QuickBooks already holds: the linked
    ones by Id, and those a stopped run may have created (export_intents) by number."""
    stored = {s.external_id: s.id for s in snapshots if s.external_id}
    found: dict[int, tuple[str, str]] = {}
    for row in select_in(caller, "Invoice", "Id", list(stored)) if stored else []:
        found[stored[str(row["Id"])]] = (str(row["Id"]), str(row["SyncToken"]))
    unlinked = [s.id for s in snapshots if not s.external_id]
    intents = unresolved_intents(session, QBO, unlinked)
    pending = [s for s in snapshots if s.id in intents]
    return found | found_in_quickbooks(caller, pending, by_number)


def _payloads(
    snapshots: Sequence[ExportInvoice],
    mappings: ExportMappings,
    remote: dict[int, tuple[str, str]],
    customers: CustomerIds,
    tax_rates: TaxRates,
) -> tuple[list[tuple[Attempt, Payload]], dict[int, str]]:
    ready: list[tuple[Attempt, Payload]] = []
    refused: dict[int, str] = {}
    for snapshot in snapshots:
        qbo_id, sync_token = remote.get(snapshot.id, (None, None))
        try:
            payload = invoice_to_qbo(
                replace(snapshot, external_id=qbo_id), mappings, sync_token,
                tax_rates=tax_rates, address=customers.addresses.get(snapshot.customer.id),
            )  # fmt: skip
        except BillingError as error:
            refused[snapshot.id] = error.message
            continue
        ready.append((_attempt(snapshot.id, snapshot.version, sync_token), payload))
    return ready, refused


def _push(
    session: Session,
    actor: Actor,
    caller: QboCaller,
    ready: Sequence[tuple[Attempt, Payload]],
) -> dict[int, InvoiceExportResult]:
    """The batches one after the other, each one's answers committed right after its call."""
    outcomes: dict[int, InvoiceExportResult] = {}
    stopped = ""
    for start in range(0, len(ready), BATCH_SIZE):
        chunk = {
            attempt.key: (attempt, payload)
            for attempt, payload in ready[start : start + BATCH_SIZE]
        }
        stopped = _send_batch(session, actor, caller, chunk, stopped, outcomes)
        session.commit()
    return outcomes


def _send_batch(
    session: Session,
    actor: Actor,
    caller: QboCaller,
    chunk: dict[str, tuple[Attempt, Payload]],
    stopped: str,
    outcomes: dict[int, InvoiceExportResult],
) -> str:
    """One batch call (none once QuickBooks stopped answering); the reason to stop after it."""
    if stopped:
        for attempt, _ in chunk.values():
            outcomes[attempt.invoice_id] = record_failure(session, attempt, stopped)
        return stopped
    items = [
        {"bId": key, "operation": "update" if "Id" in payload else "create", "Invoice": payload}
        for key, (_, payload) in chunk.items()
    ]
    creates = [attempt for attempt, payload in chunk.values() if "Id" not in payload]
    if creates:  # committed before the call: a rerun looks these up first
        record_intents(session, QBO, creates)
        session.commit()
    try:
        answers = caller.batch(items, batch_key(chunk, items))
    except BillingError as error:
        message = _sentence(error)
        for attempt, _ in chunk.values():
            outcomes[attempt.invoice_id] = record_failure(session, attempt, message)
        if isinstance(error, CallLimitReached):
            return message
        return f"Not exported: {message}" if error.code in STOPPING else ""
    answered = {str(answer.get("bId")): answer for answer in answers}
    for key, (attempt, _) in chunk.items():
        answer = answered.get(key, {})
        if "Invoice" in answer:
            external_id = str(answer["Invoice"]["Id"])
            outcomes[attempt.invoice_id] = record_success(session, actor, attempt, external_id)
        else:
            message = fault_message(answer.get("Fault") or {}) or "QuickBooks gave no answer."
            outcomes[attempt.invoice_id] = record_failure(session, attempt, message)
    return ""


def _sentence(error: BillingError) -> str:
    return error.sentence("the export") if isinstance(error, CallLimitReached) else error.message


def export_invoices(
    session: Session,
    actor: Actor,
    invoice_ids: Sequence[int],
    access: QuickBooksAccess,
    mappings: ExportMappings,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
    caller: QboCaller | None = None,
) -> list[InvoiceExportResult]:
    """One result per invoice found, in the order asked (commits as it goes: see the module doc)."""
    require(session, actor, Permission.CHANGE_BILLING, "export invoices to QuickBooks")
    caller = caller or QboCaller(access, sleep=sleep, clock=clock,
                                 budgets=shared_budgets(session))  # fmt: skip
    ids = list(dict.fromkeys(invoice_ids))
    invoices = session.exec(select(Invoice).where(col(Invoice.id).in_(ids))).all()
    outcomes: dict[int, InvoiceExportResult] = {}
    for invoice_id, message in _check_mappings(session, invoices, mappings).items():
        attempt = _attempt(invoice_id, session.get_one(Invoice, invoice_id).version)
        outcomes[invoice_id] = record_failure(session, attempt, message,
                                              Outcome.MISSING_MAPPING)  # fmt: skip
    issue_for_export(session, actor, [i for i in invoices if i.id not in outcomes])
    session.commit()
    snapshots = list(export_snapshots(session, [i for i in ids if i not in outcomes], QBO).values())
    notes: dict[int, str] = {}
    try:
        ready = _prepared(session, caller, snapshots, mappings, outcomes, notes)
    except BillingError as error:  # before any invoice was sent: customers, look-ups, rates
        why = (
            _sentence(error)
            if isinstance(error, CallLimitReached)
            else f"Not exported: {error.message}"
        )
        for snapshot in snapshots:
            if snapshot.id not in outcomes:
                attempt = _attempt(snapshot.id, snapshot.version)
                outcomes[snapshot.id] = record_failure(session, attempt, why)
        ready = []
    session.commit()
    outcomes |= _push(session, actor, caller, ready)
    for invoice_id, note in notes.items():  # what had to be cut for QuickBooks
        if invoice_id in outcomes:
            told = outcomes[invoice_id]
            outcomes[invoice_id] = replace(told, message=f"{told.message} {note}".strip())
    return [outcomes[i] for i in ids if i in outcomes]


def _prepared(
    session: Session,
    caller: QboCaller,
    snapshots: list[ExportInvoice],
    mappings: ExportMappings,
    outcomes: dict[int, InvoiceExportResult],
    notes: dict[int, str],
) -> list[tuple[Attempt, Payload]]:
    """Customers resolved, what QuickBooks holds read: the payload of each invoice to send;
    `notes` gets each invoice's customer sentence (a name cut for QuickBooks)."""
    customers = resolve_customers(session, caller, [s.customer for s in snapshots])
    notes |= {s.id: customers.notes[s.customer.id] for s in snapshots
              if s.customer.id in customers.notes}  # fmt: skip
    for snapshot in snapshots:
        if snapshot.customer.id not in customers.found:
            why = customers.errors.get(snapshot.customer.id, UNANSWERED)
            message = f"Customer {snapshot.customer.name}: {why}"
            outcomes[snapshot.id] = record_failure(
                session, _attempt(snapshot.id, snapshot.version), message
            )
    snapshots = [
        replace(s, customer=replace(s.customer, external_id=customers.found[s.customer.id]))
        for s in snapshots
        if s.id not in outcomes
    ]
    session.commit()  # no write across a call
    remote = _remote_invoices(session, caller, snapshots, mappings.use_our_number)
    tax_rates = resolve_tax_rates(caller, mappings)
    ready, refused = _payloads(snapshots, mappings, remote, customers, tax_rates)
    for invoice_id, message in refused.items():
        snapshot_version = next(s.version for s in snapshots if s.id == invoice_id)
        outcomes[invoice_id] = record_failure(
            session, _attempt(invoice_id, snapshot_version), message
        )
    return ready
