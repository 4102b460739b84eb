"""What the payment sync knows of the pushes made from here, and what it pushes again.

Reading: a payment pushed to a provider is recorded here already, so its id there (as the
sync names it, export_payment.settlement_id) counts as recorded and it is no hand payment
left to match; a hand payment the sync matches with a provider's payment is in that provider,
so its push row is completed (or written completed). Pushing: after reading, the refunds
without their credit note (credit_notes.py) and the payments not pushed yet
(payment_push.py) are sent again, each failure a note of the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from billing_app.domain.accounting import Provider
from billing_app.domain.money import quantize
from billing_app.integrations.export_payment import payment_id_of, settlement_id
from billing_app.models import Invoice, InvoiceExport, Payment, PaymentExport
from billing_app.models.types import utcnow
from billing_app.services.accounting.credit_notes import push_pending_refunds
from billing_app.services.accounting.export_log import Outcome, invoice_label
from billing_app.services.accounting.payment_push import push_pending_payments
from billing_app.services.accounting.sync_report import SyncNote, SyncReport
from billing_app.services.actor import Actor


def pushed_settlements(
    session: Session, provider: Provider, invoice_ids: Sequence[int]
) -> dict[int, str]:
    """Our payment id → the sync's id of the payment pushed to `provider`, for these invoices."""
    rows = session.exec(
        select(PaymentExport.payment_id, PaymentExport.external_id, InvoiceExport.external_id)
        .join(InvoiceExport, (col(InvoiceExport.invoice_id) == col(PaymentExport.invoice_id))
              & (col(InvoiceExport.provider) == col(PaymentExport.provider)))
        .where(PaymentExport.provider == provider, col(PaymentExport.invoice_id).in_(invoice_ids),
               col(PaymentExport.external_id).is_not(None))
    ).all()  # fmt: skip
    return {
        payment_id: settlement_id(provider, str(remote), invoice_remote)
        for payment_id, remote, invoice_remote in rows
    }


def record_found(session: Session, payment_id: int, provider: Provider, settlement: str) -> None:
    """The hand payment `payment_id` is `settlement` in `provider`: nothing to push there."""
    row = session.exec(
        select(PaymentExport).where(
            PaymentExport.payment_id == payment_id, PaymentExport.provider == provider
        )
    ).first()
    if row is None:
        invoice_id = session.get_one(Payment, payment_id).invoice_id
        row = PaymentExport(payment_id=payment_id, invoice_id=invoice_id, provider=provider)
    if row.external_id is None:
        row.external_id, row.exported_at = payment_id_of(provider, settlement), utcnow()
        session.add(row)


def _note(report: SyncReport, invoice: Invoice, sentence: str) -> None:
    assert invoice.id is not None
    report.notes.append(SyncNote(invoice.id, invoice_label(invoice), sentence, conflict=True))


def _retry_payments(
    session: Session, actor: Actor, reports: dict[Provider, SyncReport]
) -> set[Provider]:
    changed = set()
    for result in push_pending_payments(session, actor):
        report = reports.get(result.provider)
        if report is None or report.skipped:
            continue
        changed.add(result.provider)
        if result.outcome is Outcome.EXPORTED:
            report.payments_pushed += 1
            continue
        invoice = session.get_one(Invoice, result.invoice_id)
        amount = quantize(session.get_one(Payment, result.payment_id).amount, invoice.currency)
        _note(report, invoice,
              f"Invoice {invoice_label(invoice)}: the payment of {amount} {invoice.currency} "
              f"recorded here could not be recorded in {result.provider.label} "
              f"({result.message.rstrip('.')}); it is retried on the next sync.")  # fmt: skip
    return changed


def _retry_credit_notes(
    session: Session, actor: Actor, reports: dict[Provider, SyncReport]
) -> set[Provider]:
    changed = set()
    for result in push_pending_refunds(session, actor):
        report = reports.get(result.provider)
        if report is None or report.skipped:
            continue
        changed.add(result.provider)
        if result.outcome is Outcome.EXPORTED:
            report.credit_notes += 1
            continue
        invoice = session.get_one(Invoice, result.invoice_id)
        _note(report, invoice,
              f"Invoice {invoice_label(invoice)}: the credit note of its refund could not be "
              f"created in {result.provider.label} ({result.message.rstrip('.')}); it is "
              "retried on the next sync.")  # fmt: skip
    return changed


def retry_pushes(
    session: Session, actor: Actor, reports: dict[Provider, SyncReport]
) -> set[Provider]:
    """Payments not pushed yet, then refunds without their credit note, sent again; the
    providers whose report this changed."""
    return _retry_payments(session, actor, reports) | _retry_credit_notes(session, actor, reports)
