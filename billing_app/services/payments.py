"""Payments and refunds on issued invoices; the status follows the money."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from billing_app.domain.errors import BillingError
from billing_app.domain.money import quantize
from billing_app.domain.payments import PaymentKind, PaymentSource, balance_due
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus, Via, check_transition
from billing_app.models import Invoice, Payment
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.invoices.status import lock_invoice


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    status: InvoiceStatus
    balance_due: Decimal


def _amount(value: Decimal, invoice: Invoice) -> str:
    """An amount as the audit trail and the messages write it: `122.00 EUR`."""
    return f"{quantize(value, invoice.currency)} {invoice.currency}"


def _balance(invoice: Invoice) -> Decimal:
    return balance_due(invoice.total, invoice.amount_paid, invoice.status)


def _check_amount(amount: Decimal, invoice: Invoice) -> None:
    if amount <= 0:
        raise BillingError("invalid_amount", f"A payment of {amount} is not positive.")
    if amount != quantize(amount, invoice.currency):
        raise BillingError(
            "too_many_decimals", f"{amount} has more decimals than {invoice.currency} allows."
        )
    balance = _balance(invoice)
    if amount > balance:
        raise BillingError(
            "overpayment",
            f"A payment of {_amount(amount, invoice)} is more than the balance due of "
            f"{_amount(balance, invoice)}; record at most the balance.",
        )


def _how(source: PaymentSource, manual: Via) -> tuple[Via, str]:
    """The audit `via` and `details`: money synced back from accounting says "via Xero"."""
    if source is PaymentSource.MANUAL:
        return manual, ""
    return Via.SYNC, source.via


def _move_status(
    session: Session,
    actor: Actor,
    invoice: Invoice,
    target: InvoiceStatus,
    via: Via,
    details: str = "",
) -> None:
    check_transition(invoice.status, target, via)
    record_audit(
        session, actor, "status_changed", entity="invoice", entity_id=invoice.id,
        invoice_id=invoice.id, from_value=invoice.status.value, to_value=target.value, via=via,
        details=details,
    )  # fmt: skip
    invoice.status = target


def record_payment(
    session: Session,
    actor: Actor,
    invoice_id: int,
    *,
    amount: Decimal,
    received_on: dt.date,
    method: str = "",
    reference: str = "",
    source: PaymentSource = PaymentSource.MANUAL,
    external_id: str | None = None,
) -> PaymentResult:
    """A full or partial payment; the invoice becomes Paid once payments cover its total."""
    require(session, actor, Permission.CHANGE_BILLING, "record payments")
    invoice = lock_invoice(session, invoice_id)
    if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.REFUNDED):
        raise BillingError(
            "not_payable",
            "A Draft cannot take payments: issue it first (send or export it)."
            if invoice.status is InvoiceStatus.DRAFT
            else "A refunded invoice takes no more payments.",
        )
    _check_amount(amount, invoice)
    payment = Payment(
        invoice_id=invoice_id, received_on=received_on, amount=amount, method=method.strip(),
        reference=reference.strip(), source=source, external_id=external_id,
    )  # fmt: skip
    session.add(payment)
    invoice.amount_paid += amount
    invoice.updated_at = utcnow()
    session.flush()
    via, details = _how(source, Via.MANUAL)
    record_audit(
        session, actor, "payment_recorded", entity="payment", entity_id=payment.id,
        invoice_id=invoice_id, to_value=_amount(amount, invoice), via=via, details=details,
    )  # fmt: skip
    covered = invoice.amount_paid == invoice.total
    if covered and invoice.status in (
        InvoiceStatus.ISSUED,
        InvoiceStatus.SENT,
        InvoiceStatus.EXPORTED,
    ):
        _move_status(session, actor, invoice, InvoiceStatus.PAID, *_how(source, Via.PAYMENTS))
    assert payment.id is not None
    return PaymentResult(payment.id, invoice.status, _balance(invoice))


def link_payment(
    session: Session, actor: Actor, payment_id: int, *, source: PaymentSource, external_id: str
) -> None:
    """A payment recorded here by hand is the one `source` holds as `external_id`: linked, so
    the payment sync never records it a second time."""
    require(session, actor, Permission.CHANGE_BILLING, "record payments")
    payment = session.get(Payment, payment_id)
    if payment is None or payment.external_id is not None:
        raise BillingError("not_linkable", "That payment is gone or already linked; sync again.")
    payment.external_id = external_id
    session.add(payment)
    via, details = _how(source, Via.MANUAL)
    record_audit(
        session, actor, "payment_matched", entity="payment", entity_id=payment_id,
        invoice_id=payment.invoice_id, to_value=external_id, via=via, details=details,
    )  # fmt: skip


def refund_invoice(
    session: Session,
    actor: Actor,
    invoice_id: int,
    *,
    refunded_on: dt.date,
    method: str = "",
    reference: str = "",
    source: PaymentSource = PaymentSource.MANUAL,
    external_id: str | None = None,
) -> PaymentResult:
    """Pays back the whole amount received; the invoice becomes Refunded, for good."""
    require(session, actor, Permission.CHANGE_BILLING, "refund invoices")
    invoice = lock_invoice(session, invoice_id)
    if invoice.status is not InvoiceStatus.PAID or invoice.amount_paid <= 0:
        raise BillingError(
            "not_refundable",
            f"Only a paid invoice can be refunded; this one is {invoice.status.label}"
            f" with {_amount(invoice.amount_paid, invoice)} received.",
        )
    refund = Payment(
        invoice_id=invoice_id, kind=PaymentKind.REFUND, received_on=refunded_on,
        amount=invoice.amount_paid, method=method.strip(), reference=reference.strip(),
        source=source, external_id=external_id,
    )  # fmt: skip
    session.add(refund)
    session.flush()
    via, details = _how(source, Via.PAYMENTS)
    record_audit(
        session, actor, "refund_recorded", entity="payment", entity_id=refund.id,
        invoice_id=invoice_id, to_value=_amount(refund.amount, invoice), via=via,
        details=details,
    )  # fmt: skip
    invoice.amount_paid = Decimal(0)
    invoice.updated_at = utcnow()
    _move_status(session, actor, invoice, InvoiceStatus.REFUNDED, via, details)
    session.flush()
    assert refund.id is not None
    return PaymentResult(refund.id, invoice.status, _balance(invoice))
