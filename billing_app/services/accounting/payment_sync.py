"""Sync payments back from Xero or QuickBooks onto the invoices exported there.

For every invoice exported to the provider and Sent, Exported or Paid here, the provider's
payments and credits are read in chunks (payment_readers) and planned (domain.settlements):
payments recorded here by hand matched (they take the remote id), new payments recorded
(source = the provider, its external id), Paid when covered, Refunded
when credited in full while Paid; conflicts and credits that change nothing are reported.
Each chunk is committed after its call; each invoice is applied in a savepoint. Payments
pushed from here are known by their id there (payment_push_sync); after reading, the pushes
still pending (hand payments, refunds' credit notes) are sent again.

Several workers may sync at once (the schedule runs in every worker, and a clerk may click
Sync payments meanwhile). A second run is harmless:
- the scheduled run first claims the connection row under a row lock (SELECT … FOR UPDATE)
  and skips when another worker synced within the interval;
- a payment is recorded under the invoice's row lock (record_payment), which re-reads the
  balance, and the UNIQUE(source, external_id) of payments refuses a remote payment recorded
  by a concurrent run: that invoice's savepoint is rolled back and nothing is counted twice.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.domain.rate_limit import CallLimitReached
from billing_app.domain.roles import Permission
from billing_app.domain.settlements import (
    SYNCED_STATUSES,
    HandPayment,
    InvoiceMoney,
    SettlementPlan,
    plan_settlements,
)
from billing_app.domain.status import InvoiceStatus
from billing_app.integrations.xero_payload import INVOICES_PER_CALL
from billing_app.models import AccountingConnection, Invoice, InvoiceExport, Payment
from billing_app.models.types import utcnow
from billing_app.services.accounting.budgets import shared_budgets
from billing_app.services.accounting.connections import access_for
from billing_app.services.accounting.export import connected_providers
from billing_app.services.accounting.export_log import invoice_label
from billing_app.services.accounting.payment_push_sync import (
    pushed_settlements,
    record_found,
    retry_pushes,
)
from billing_app.services.accounting.payment_readers import (
    Settlements,
    read_quickbooks,
    read_xero,
)
from billing_app.services.accounting.qbo_client import QboCaller, QuickBooksAccess
from billing_app.services.accounting.qbo_customers import QUERY_CHUNK
from billing_app.services.accounting.sync_report import SyncNote, SyncReport
from billing_app.services.accounting.xero_calls import XeroAccess, XeroCalls
from billing_app.services.accounting.xero_contacts import chunks
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.payments import link_payment, record_payment, refund_invoice

Reader = Callable[[dict[str, int]], Settlements]
PAID_OR_AFTER = (InvoiceStatus.PAID, InvoiceStatus.REFUNDED)  # a refund passes through Paid


def _links(session: Session, provider: Provider) -> dict[str, int]:
    """Remote invoice id → ours, for the invoices the sync looks at, in invoice order."""
    rows = session.exec(
        select(InvoiceExport.external_id, Invoice.id)
        .join(Invoice, col(Invoice.id) == InvoiceExport.invoice_id)
        .where(InvoiceExport.provider == provider, col(Invoice.status).in_(SYNCED_STATUSES))
        .order_by(col(Invoice.id))
    ).all()
    return {external_id: invoice_id for external_id, invoice_id in rows if invoice_id}


def _connection(session: Session, provider: Provider) -> AccountingConnection:
    row = session.exec(
        select(AccountingConnection)
        .where(AccountingConnection.provider == provider)
        .with_for_update()
    ).first()
    if row is None or row.status is ConnectionStatus.DISCONNECTED:
        raise BillingError(
            "not_connected", f"Connect {provider.label} in Admin > Accounting first."
        )
    return row


def _claim(session: Session, provider: Provider, not_within: dt.timedelta | None) -> bool:
    """Under the connection's row lock: False when a sync ran within `not_within`."""
    row = _connection(session, provider)
    now = utcnow()
    last = row.payments_synced_at
    if not_within is not None and last is not None and now - last < not_within:
        session.commit()
        return False
    row.payments_synced_at = now
    session.add(row)
    session.commit()
    return True


def _stamp(session: Session, provider: Provider, summary: str) -> None:
    row = _connection(session, provider)
    row.payments_synced_at, row.payments_sync_summary = utcnow(), summary
    session.add(row)
    session.commit()


def _reader(
    session: Session, provider: Provider, sleep: Callable[[float], None], clock: Callable[[], float]
) -> tuple[Reader, int]:
    """How to read one chunk of invoices from the provider, and the chunk size."""
    access = access_for(session, provider)
    if provider is Provider.XERO:
        calls = XeroCalls(XeroAccess.live(access), sleep=sleep, clock=clock,
                          budgets=shared_budgets(session))  # fmt: skip
        return (lambda links: read_xero(calls, links)), INVOICES_PER_CALL
    caller = QboCaller(QuickBooksAccess.live(access), sleep=sleep, clock=clock,
                       budgets=shared_budgets(session))  # fmt: skip
    return (lambda links: read_quickbooks(caller, links)), QUERY_CHUNK


def _apply(
    session: Session, actor: Actor, invoice: Invoice, plan: SettlementPlan, report: SyncReport
) -> None:
    """The plan of one invoice in a savepoint: all of it, or nothing and a conflict note."""
    assert invoice.id is not None
    source = PaymentSource(report.provider.value)
    label, was = invoice_label(invoice), invoice.status
    try:
        with session.begin_nested():
            status = was
            for payment_id, remote in plan.matches:
                link_payment(session, actor, payment_id, source=source,
                             external_id=remote.external_id)  # fmt: skip
                record_found(session, payment_id, report.provider, remote.external_id)
            for payment in plan.payments:
                status = record_payment(
                    session, actor, invoice.id, amount=payment.amount, received_on=payment.on,
                    source=source, external_id=payment.external_id,
                ).status  # fmt: skip
            if plan.refund is not None:
                status = refund_invoice(
                    session, actor, invoice.id, refunded_on=plan.refund.on, source=source,
                    external_id=plan.refund.external_id,
                ).status  # fmt: skip
    except (BillingError, IntegrityError) as error:
        meanwhile = "another sync recorded it meanwhile"
        reason = error.message if isinstance(error, BillingError) else meanwhile
        sentence = (f"Invoice {label}: nothing was recorded from {report.provider.label} "
                    f"({reason}); sync again to see what is left.")  # fmt: skip
        report.notes.append(SyncNote(invoice.id, label, sentence, conflict=True))
        return
    report.recorded += len(plan.payments)
    report.matched += len(plan.matches)
    report.paid += was is not InvoiceStatus.PAID and status in PAID_OR_AFTER
    report.refunded += status is InvoiceStatus.REFUNDED


def _sync_chunk(
    session: Session, actor: Actor, settlements: Settlements, report: SyncReport
) -> None:
    ids = list(settlements)
    invoices = session.exec(select(Invoice).where(col(Invoice.id).in_(ids))).all()
    recorded: dict[int, set[str]] = defaultdict(set)
    by_hand: dict[int, list[HandPayment]] = defaultdict(list)
    pushed = pushed_settlements(session, report.provider, ids)
    for payment in session.exec(
        select(Payment).where(col(Payment.invoice_id).in_(ids), Payment.kind == PaymentKind.PAYMENT)
    ).all():
        known = {found for found in (payment.external_id, pushed.get(payment.id or 0)) if found}
        recorded[payment.invoice_id] |= known
        if not known and payment.source is PaymentSource.MANUAL and payment.id is not None:
            by_hand[payment.invoice_id].append(
                HandPayment(payment.id, payment.amount, payment.received_on)
            )
    for invoice in sorted(invoices, key=lambda i: i.id or 0):
        assert invoice.id is not None
        money = InvoiceMoney(invoice_label(invoice), invoice.status, invoice.total,
                             invoice.amount_paid, invoice.currency)  # fmt: skip
        plan = plan_settlements(money, settlements[invoice.id], recorded[invoice.id],
                                report.provider, by_hand[invoice.id])  # fmt: skip
        report.notes += [SyncNote(invoice.id, money.label, s, True) for s in plan.conflicts]
        report.notes += [SyncNote(invoice.id, money.label, s, False) for s in plan.notes]
        if plan.payments or plan.matches or plan.refund:
            _apply(session, actor, invoice, plan, report)
    session.commit()


def sync_payments(
    session: Session,
    actor: Actor,
    provider: Provider,
    *,
    not_within: dt.timedelta | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> SyncReport:
    """Record what `provider` says was paid or credited (commits as it goes: see the module
    doc). `not_within`: skip when a sync of this provider ran more recently than that."""
    require(session, actor, Permission.CHANGE_BILLING, f"sync payments from {provider.label}")
    report = SyncReport(provider)
    if not _claim(session, provider, not_within):
        report.skipped = True
        return report
    try:
        read, size = _reader(session, provider, sleep, clock)
        links = _links(session, provider)
        session.commit()  # releases the connection row locked by access_for
        for chunk in chunks(list(links), size):
            part = {remote: links[remote] for remote in chunk}
            _sync_chunk(session, actor, read(part), report)
    except BillingError as error:
        session.rollback()
        report.failed = error.message
        if isinstance(error, CallLimitReached):
            report.failed = error.sentence("the sync", "What it recorded before stays recorded.")
    _stamp(session, provider, report.summary)
    return report


def sync_connected(
    session: Session, actor: Actor, *, not_within: dt.timedelta | None = None
) -> Sequence[SyncReport]:
    """Every connected provider in turn; one that fails (e.g. a revoked token, which
    access_for marks on the connection) is reported and the others still run."""
    require(session, actor, Permission.CHANGE_BILLING, "sync payments")
    reports = {}
    for provider in connected_providers(session, actor):
        try:
            reports[provider] = sync_payments(session, actor, provider, not_within=not_within)
        except BillingError as error:
            session.rollback()
            reports[provider] = SyncReport(provider, failed=error.message)
    for provider in retry_pushes(session, actor, reports):
        _stamp(session, provider, reports[provider].summary)
    return list(reports.values())
