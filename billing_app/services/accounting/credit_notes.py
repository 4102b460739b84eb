"""Refunds recorded here → credit notes in the accounting systems their invoice went to.

A refund is a fact and commits first (services.payments.refund_invoice); pushing it is a
step of its own, run right after by the Invoice page and again by the payment sync
(`push_pending_refunds`) until it succeeds. Only refunds recorded here (source manual) are
pushed: one synced from a provider is already there. Per (refund, provider) a
CreditNoteExport row names the document chosen and is committed before the first write to
the provider; the success completes it (the external id) in the same transaction as its
export log row and the audit event; a failure leaves it pending, the provider's message in
the export log. The provider modules make every write idempotent (xero_credit_notes,
qbo_credit_notes). Calls are paced by the shared budgets (budgets.py); when a provider's daily
limit is used up, the refunds left for it are not sent in this run (each logged with the
sentence saying when it can resume) and are pushed by a later run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.accounting import CreditDocument, ExportedDocument, ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import refund_key
from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.domain.rate_limit import CallLimitReached
from billing_app.domain.roles import Permission
from billing_app.domain.status import Via
from billing_app.integrations.endpoints import quickbooks_endpoints, xero_endpoints
from billing_app.integrations.export_invoice import ExportCreditNote, full_credit
from billing_app.models import (
    AccountingConnection,
    CreditNoteExport,
    Invoice,
    InvoiceExport,
    Payment,
)
from billing_app.models.types import utcnow
from billing_app.services.accounting.budgets import shared_budgets
from billing_app.services.accounting.connection_row import live_connections
from billing_app.services.accounting.connections import access_for
from billing_app.services.accounting.export_log import Attempt, Outcome, log_attempt
from billing_app.services.accounting.mappings import mappings_input, mappings_of
from billing_app.services.accounting.qbo_client import QboCaller, QuickBooksAccess
from billing_app.services.accounting.qbo_credit_notes import choose_document, push_credit
from billing_app.services.accounting.snapshots import export_snapshots
from billing_app.services.accounting.xero_calls import XeroAccess, XeroCalls
from billing_app.services.accounting.xero_credit_notes import push_credit_note
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require


@dataclass(frozen=True)
class CreditNoteResult:
    provider: Provider
    invoice_id: int
    refund_id: int  # the REFUND payment
    outcome: Outcome  # EXPORTED or FAILED
    message: str = ""  # the provider's message when it failed
    external_id: str | None = None
    limit_reached: bool = False  # the provider's daily limit: nothing more is sent to it now


@dataclass(frozen=True)
class Clock:
    """What the calls to the provider wait with (tests never wait)."""

    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time  # wall clock: the budgets are shared by processes


def credit_number(invoice_number: str) -> str:
    return f"CN-{invoice_number}"


Pending = list[tuple[Payment, AccountingConnection]]


def _pending(session: Session, invoice_id: int | None) -> Pending:
    """Manual refunds of invoices exported to a live connection, without their credit there."""
    connections = {row.provider: row for row in live_connections(session)}
    query = (
        select(Payment, InvoiceExport.provider)
        .join(InvoiceExport, col(InvoiceExport.invoice_id) == col(Payment.invoice_id))
        .where(Payment.kind == PaymentKind.REFUND, Payment.source == PaymentSource.MANUAL,
               col(InvoiceExport.provider).in_(list(connections)))
        .order_by(col(Payment.id), col(InvoiceExport.provider))
    )  # fmt: skip
    if invoice_id is not None:
        query = query.where(Payment.invoice_id == invoice_id)
    done = set(
        session.exec(
            select(CreditNoteExport.payment_id, CreditNoteExport.provider).where(
                col(CreditNoteExport.external_id).is_not(None)
            )
        ).all()
    )
    rows = session.exec(query).all()
    return [(refund, connections[Provider(provider)]) for refund, provider in rows
            if (refund.id, provider) not in done]  # fmt: skip


def _plan(session: Session, refund: Payment, provider: Provider,
          choose: Callable[[], CreditDocument]) -> CreditNoteExport:  # fmt: skip
    """The stored choice of document, or a new one committed before any write."""
    row = session.exec(
        select(CreditNoteExport).where(
            CreditNoteExport.payment_id == refund.id, CreditNoteExport.provider == provider
        )
    ).first()
    if row is None:
        assert refund.id is not None
        row = CreditNoteExport(payment_id=refund.id, invoice_id=refund.invoice_id,
                               provider=provider, document=choose())  # fmt: skip
        session.add(row)
        session.commit()
    return row


def _send(
    session: Session, refund: Payment, connection: AccountingConnection, clock: Clock
) -> tuple[CreditNoteExport, str]:
    """The plan row and the provider's id of the credit; raises BillingError when refused."""
    provider = connection.provider
    access = access_for(session, provider)
    snapshot = export_snapshots(session, [refund.invoice_id], provider)[refund.invoice_id]
    credit: ExportCreditNote = full_credit(snapshot, credit_number(snapshot.number),
                                           refund.received_on)  # fmt: skip
    mappings, account = mappings_of(connection), mappings_input(connection).payment_account
    assert refund.id is not None
    session.commit()  # releases the connection row access_for locked: no write across a call
    budgets = shared_budgets(session)
    if provider is Provider.XERO:
        xero = XeroAccess(access.access_token, access.tenant_id, xero_endpoints().api_url)
        calls = XeroCalls(xero, sleep=clock.sleep, clock=clock.clock, budgets=budgets)
        row = _plan(session, refund, provider, lambda: CreditDocument.XERO_CREDIT_NOTE)
        return row, push_credit_note(calls, credit, refund.id, mappings, account)
    endpoints = quickbooks_endpoints()
    qbo = QuickBooksAccess(access.access_token, access.tenant_id, endpoints.api_url_v3,
                           client_id=endpoints.client_id)  # fmt: skip
    caller = QboCaller(qbo, sleep=clock.sleep, clock=clock.clock, budgets=budgets)
    row = _plan(session, refund, provider, lambda: choose_document(caller, credit))
    return row, push_credit(caller, credit, row.document, refund.id, mappings, account)


def _push_one(
    session: Session,
    actor: Actor,
    refund: Payment,
    connection: AccountingConnection,
    clock: Clock,
    stopped: str = "",
) -> CreditNoteResult:
    """`stopped`: the provider's daily limit is used up; only logged, with that sentence."""
    provider, invoice_id = connection.provider, refund.invoice_id
    assert refund.id is not None
    refund_id = refund.id
    version = session.get_one(Invoice, invoice_id).version
    attempt = Attempt(provider, invoice_id, version, refund_key(provider, refund_id, "credit_note"),
                      ExportedDocument.CREDIT_NOTE)  # fmt: skip
    try:
        if stopped:
            raise BillingError("daily_limit", stopped)
        row, external_id = _send(session, refund, connection, clock)
    except BillingError as error:
        session.rollback()
        message = error.message
        if isinstance(error, CallLimitReached):
            message = error.sentence("sending credit notes", "")
        log_attempt(session, attempt, ExportResult.FAILED, error=message)
        session.commit()
        return CreditNoteResult(provider, invoice_id, refund_id, Outcome.FAILED, message,
                                limit_reached=error.code == "daily_limit")  # fmt: skip
    row.external_id, row.exported_at = external_id, utcnow()
    session.add(row)
    log_attempt(session, attempt, ExportResult.SUCCESS, external_id=external_id)
    record_audit(
        session, actor, "credit_note_exported", entity="payment", entity_id=refund_id,
        invoice_id=invoice_id, to_value=external_id, via=Via.EXPORT,
        details=f"via {provider.label}",
    )  # fmt: skip
    session.commit()
    return CreditNoteResult(provider, invoice_id, refund_id, Outcome.EXPORTED,
                            external_id=external_id)  # fmt: skip


def _push(
    session: Session, actor: Actor, invoice_id: int | None, clock: Clock
) -> list[CreditNoteResult]:
    results: list[CreditNoteResult] = []
    stopped: dict[Provider, str] = {}  # a provider whose daily limit is used up: its sentence
    for refund, connection in _pending(session, invoice_id):
        provider = connection.provider
        result = _push_one(session, actor, refund, connection, clock, stopped.get(provider, ""))
        if result.limit_reached:
            stopped[provider] = result.message
        results.append(result)
    return results


def push_warning(results: list[CreditNoteResult]) -> str:
    """What the Invoice page says after a refund whose credit note some provider refused."""
    return " ".join(
        f"Refund recorded; the credit note could not be created in {r.provider.label}: "
        f"{r.message.rstrip('.')}. It will be retried on the next payment sync."
        for r in results
        if r.outcome is not Outcome.EXPORTED
    )


def push_refund(
    session: Session, actor: Actor, invoice_id: int, clock: Clock = Clock()
) -> list[CreditNoteResult]:
    """The invoice's refund as a credit note in every live provider it was exported to (one
    result each; none once done or when it was never exported). Commits as it goes."""
    require(session, actor, Permission.CHANGE_BILLING, "push refunds to accounting")
    return _push(session, actor, invoice_id, clock)


def push_pending_refunds(
    session: Session, actor: Actor, clock: Clock = Clock()
) -> list[CreditNoteResult]:
    """Every refund still without its credit note (the payment sync calls this)."""
    require(session, actor, Permission.CHANGE_BILLING, "push refunds to accounting")
    return _push(session, actor, None, clock)
