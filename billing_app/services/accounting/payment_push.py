"""Payments recorded here by hand → the accounting systems their invoice went to.

A payment is a fact and commits first (services.payments.record_payment); pushing it is a step
of its own, run right after by the Invoice page (`push_payment`), by the export once the
invoice reaches a provider (`push_payments_of`), and again by every payment sync
(`push_pending_payments`) until it succeeds. Only payments recorded here by hand and not yet
linked to a provider's payment are pushed: one synced from a provider, or matched with one by
a sync, is already there; a refund goes as a credit note (credit_notes.py), and the payments of
a Refunded invoice are left to that credit note, which settles the invoice there.

Per (payment, provider) a PaymentExport row is committed before the first write to the
provider; the success completes it (the provider's id) in the same transaction as its export
log row and the audit event; a failure leaves it pending, the provider's sentence in the export
log. The write carries a deterministic key (payment_push_writes), so a retry after a lost
answer gets the payment created the first time; the payment sync, which reads before it
retries, also recognises a pushed payment (or matches a pending one by amount and date) and
never records it a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.accounting import ExportedDocument, ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import payment_key
from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.domain.rate_limit import CallLimitReached
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.integrations.export_payment import ExportPayment
from billing_app.models import (
    AccountingConnection,
    Customer,
    Invoice,
    InvoiceExport,
    Payment,
    PaymentExport,
)
from billing_app.models.types import utcnow
from billing_app.services.accounting.budgets import shared_budgets
from billing_app.services.accounting.connection_row import live_connections
from billing_app.services.accounting.connections import access_for
from billing_app.services.accounting.credit_notes import Clock
from billing_app.services.accounting.export_log import Attempt, Outcome, log_attempt
from billing_app.services.accounting.mappings import mappings_input
from billing_app.services.accounting.payment_push_writes import push_to_quickbooks, push_to_xero
from billing_app.services.accounting.qbo_client import QboCaller, QuickBooksAccess
from billing_app.services.accounting.xero_calls import XeroAccess, XeroCalls
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require

REAL_TIME = Clock()


@dataclass(frozen=True)
class PaymentPushResult:
    provider: Provider
    invoice_id: int
    payment_id: int
    outcome: Outcome  # EXPORTED or FAILED
    message: str = ""  # why it is not there yet
    external_id: str | None = None  # the provider's payment id
    limit_reached: bool = False  # the provider's daily limit: nothing more is sent to it now


Pending = list[tuple[PaymentExport, Payment, AccountingConnection]]


def _pushable(session: Session, payments: Sequence[Payment]) -> list[PaymentExport]:
    """The (payment, provider) rows to create: hand-recorded payments not linked to a remote
    one, of an invoice not Refunded, held by a live provider. Not added yet."""
    live = [row.provider for row in live_connections(session)]
    wanted = {p.id: p.invoice_id for p in payments if p.id is not None
              and p.kind is PaymentKind.PAYMENT and p.source is PaymentSource.MANUAL
              and p.external_id is None}  # fmt: skip
    if not wanted or not live:
        return []
    held = set(
        session.exec(
            select(InvoiceExport.invoice_id, InvoiceExport.provider)
            .join(Invoice, col(Invoice.id) == col(InvoiceExport.invoice_id))
            .where(col(InvoiceExport.invoice_id).in_(set(wanted.values())),
                   col(InvoiceExport.provider).in_(live),
                   Invoice.status != InvoiceStatus.REFUNDED)
        ).all()
    )  # fmt: skip
    asked = set(
        session.exec(
            select(PaymentExport.payment_id, PaymentExport.provider).where(
                col(PaymentExport.payment_id).in_(list(wanted))
            )
        ).all()
    )
    return [
        PaymentExport(payment_id=payment_id, invoice_id=invoice_id, provider=provider)
        for payment_id, invoice_id in wanted.items()
        for provider in live
        if (invoice_id, provider) in held and (payment_id, provider) not in asked
    ]


def _ask(session: Session, payments: Sequence[Payment]) -> None:
    """The rows of the pushes to make, committed before anything is sent."""
    for row in _pushable(session, payments):
        session.add(row)
    session.commit()


def _pending(session: Session, payment_id: int | None, invoice_id: int | None) -> Pending:
    connections = {row.provider: row for row in live_connections(session)}
    query = (
        select(PaymentExport, Payment)
        .join(Payment, col(Payment.id) == col(PaymentExport.payment_id))
        .join(Invoice, col(Invoice.id) == col(PaymentExport.invoice_id))
        .join(InvoiceExport, (col(InvoiceExport.invoice_id) == col(PaymentExport.invoice_id))
              & (col(InvoiceExport.provider) == col(PaymentExport.provider)))
        .where(col(PaymentExport.external_id).is_(None), Invoice.status != InvoiceStatus.REFUNDED,
               col(PaymentExport.provider).in_(list(connections)))
        .order_by(col(PaymentExport.payment_id), col(PaymentExport.provider))
    )  # fmt: skip
    if payment_id is not None:
        query = query.where(PaymentExport.payment_id == payment_id)
    if invoice_id is not None:
        query = query.where(PaymentExport.invoice_id == invoice_id)
    return [(row, payment, connections[row.provider]) for row, payment in session.exec(query)]


def _send(
    session: Session, payment: Payment, connection: AccountingConnection, clock: Clock
) -> str:
    """The provider's payment id; raises BillingError when refused or unreachable."""
    provider = connection.provider
    access = access_for(session, provider)
    invoice = session.get_one(Invoice, payment.invoice_id)
    link = session.exec(
        select(InvoiceExport).where(
            InvoiceExport.invoice_id == invoice.id, InvoiceExport.provider == provider
        )
    ).one()
    customer = session.get_one(Customer, invoice.customer_id)
    assert payment.id is not None
    export = ExportPayment(
        id=payment.id, invoice_number=invoice.number or f"#{invoice.id}",
        invoice_external_id=link.external_id, amount=payment.amount,
        received_on=payment.received_on, reference=payment.reference or payment.method,
        customer_external_id=customer.quickbooks_customer_id,
    )  # fmt: skip
    account = mappings_input(connection).payment_account
    session.commit()  # releases the connection row access_for locked: no lock across a call
    budgets = shared_budgets(session)
    if provider is Provider.XERO:
        calls = XeroCalls(XeroAccess.live(access), sleep=clock.sleep, clock=clock.clock,
                          budgets=budgets)  # fmt: skip
        return push_to_xero(calls, export, account)
    caller = QboCaller(QuickBooksAccess.live(access), sleep=clock.sleep, clock=clock.clock,
                       budgets=budgets)  # fmt: skip
    return push_to_quickbooks(caller, export, account)


def _push_one(
    session: Session,
    actor: Actor,
    row: PaymentExport,
    payment: Payment,
    connection: AccountingConnection,
    clock: Clock,
    stopped: str = "",
) -> PaymentPushResult:
    """`stopped`: the provider's daily limit is used up; only logged, with that sentence."""
    provider, invoice_id, row_id = connection.provider, payment.invoice_id, row.id
    assert payment.id is not None and row_id is not None
    payment_id = payment.id
    version = session.get_one(Invoice, invoice_id).version
    attempt = Attempt(provider, invoice_id, version, payment_key(provider, payment_id),
                      ExportedDocument.PAYMENT)  # fmt: skip
    try:
        if stopped:
            raise BillingError("daily_limit", stopped)
        external_id = _send(session, payment, connection, clock)
    except BillingError as error:
        session.rollback()
        message = error.message
        if isinstance(error, CallLimitReached):
            message = error.sentence("sending payments", "")
        log_attempt(session, attempt, ExportResult.FAILED, error=message)
        session.commit()
        return PaymentPushResult(provider, invoice_id, payment_id, Outcome.FAILED, message,
                                 limit_reached=error.code == "daily_limit")  # fmt: skip
    done = session.get_one(PaymentExport, row_id)
    done.external_id, done.exported_at = external_id, utcnow()
    session.add(done)
    log_attempt(session, attempt, ExportResult.SUCCESS, external_id=external_id)
    record_audit(
        session, actor, "payment_exported", entity="payment", entity_id=payment_id,
        invoice_id=invoice_id, to_value=external_id, via=Via.EXPORT,
        details=f"via {provider.label}",
    )  # fmt: skip
    session.commit()
    return PaymentPushResult(provider, invoice_id, payment_id, Outcome.EXPORTED,
                             external_id=external_id)  # fmt: skip


def _push(
    session: Session, actor: Actor, pending: Pending, clock: Clock
) -> list[PaymentPushResult]:
    results: list[PaymentPushResult] = []
    stopped: dict[Provider, str] = {}  # a provider whose daily limit is used up: its sentence
    for row, payment, connection in pending:
        provider = connection.provider
        result = _push_one(session, actor, row, payment, connection, clock,
                           stopped.get(provider, ""))  # fmt: skip
        if result.limit_reached:
            stopped[provider] = result.message
        results.append(result)
    return results


def push_payment(
    session: Session, actor: Actor, payment_id: int, clock: Clock = REAL_TIME
) -> list[PaymentPushResult]:
    """One payment recorded here by hand, into every live provider its invoice went to (one
    result each; none once done, or when nothing holds the invoice). Commits as it goes."""
    require(session, actor, Permission.CHANGE_BILLING, "push payments to accounting")
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise BillingError("payment_not_found", "That payment does not exist (any more).")
    _ask(session, [payment])
    return _push(session, actor, _pending(session, payment_id, None), clock)


def push_payments_of(
    session: Session, actor: Actor, invoice_id: int, clock: Clock = REAL_TIME
) -> list[PaymentPushResult]:
    """The invoice's payments recorded here by hand, e.g. before it was exported."""
    require(session, actor, Permission.CHANGE_BILLING, "push payments to accounting")
    payments = session.exec(select(Payment).where(Payment.invoice_id == invoice_id)).all()
    _ask(session, payments)
    return _push(session, actor, _pending(session, None, invoice_id), clock)


def push_pending_payments(
    session: Session, actor: Actor, clock: Clock = REAL_TIME
) -> list[PaymentPushResult]:
    """Every push asked for and not done yet (the payment sync calls this)."""
    require(session, actor, Permission.CHANGE_BILLING, "push payments to accounting")
    return _push(session, actor, _pending(session, None, None), clock)


def payment_push_warning(results: Sequence[PaymentPushResult]) -> str:
    """What the Invoice page (after a payment) or the export (after the invoice) says when
    some provider did not take a payment recorded here."""
    return " ".join(
        f"A payment recorded here is not in {r.provider.label} yet: {r.message.rstrip('.')}. "
        "It will be retried on the next payment sync."
        for r in results
        if r.outcome is not Outcome.EXPORTED
    )
