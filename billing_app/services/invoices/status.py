"""Changing an invoice's status by the transition table; leaving Draft issues it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus, Via, check_transition, leaves_draft
from billing_app.models import AccountSettings, Customer, Invoice
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.numbering import take_next_number


@dataclass(frozen=True)
class StatusChange:
    invoice_id: int
    status: InvoiceStatus
    number: str | None


def lock_invoice(session: Session, invoice_id: int) -> Invoice:
    """Load an invoice to change it, after locking it for this transaction.

    Bumping its version first takes the row lock on PostgreSQL and the write lock on
    SQLite, so two clerks changing the same invoice at once go one after the other and
    the second sees what the first did (no invoice is numbered twice).
    """
    bumped = session.execute(
        sa.update(Invoice)
        .where(col(Invoice.id) == invoice_id)
        .values(version=col(Invoice.version) + 1)
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        raise BillingError("invoice_not_found", "That invoice no longer exists; reload the page.")
    return session.get_one(Invoice, invoice_id, populate_existing=True)


def issue(
    session: Session, actor: Actor, invoice: Invoice, status: InvoiceStatus, via: Via
) -> None:
    """Number, date, due date and the new status together (the database checks that only
    Drafts lack a number): from here on the invoice is frozen."""
    account = session.get(AccountSettings, 1)
    if account is None:
        raise BillingError(
            "no_account", "The company settings are missing; run the set-up (make run) first."
        )
    today = utcnow().date()
    taken = take_next_number(session, account, today)
    invoice.series, invoice.sequence, invoice.number = taken.series, taken.sequence, taken.number
    invoice.status = status
    invoice.issue_date = today
    customer = session.get_one(Customer, invoice.customer_id)
    terms = customer.payment_terms_days
    invoice.due_date = today + dt.timedelta(
        days=account.payment_terms_days if terms is None else terms
    )
    record_audit(
        session, actor, "number_assigned", entity="invoice", entity_id=invoice.id,
        invoice_id=invoice.id, to_value=taken.number, via=via,
    )  # fmt: skip


def set_status(
    session: Session,
    actor: Actor,
    invoice_id: int,
    target: InvoiceStatus,
    via: Via = Via.MANUAL,
) -> StatusChange:
    require(session, actor, Permission.CHANGE_BILLING, "change an invoice's status")
    invoice = lock_invoice(session, invoice_id)
    current = invoice.status
    check_transition(current, target, via)
    if leaves_draft(current, target):
        issue(session, actor, invoice, target, via)
    else:
        invoice.status = target
    invoice.updated_at = utcnow()
    record_audit(
        session, actor, "status_changed", entity="invoice", entity_id=invoice_id,
        invoice_id=invoice_id, from_value=current.value, to_value=target.value, via=via,
    )  # fmt: skip
    session.flush()
    return StatusChange(invoice_id=invoice_id, status=target, number=invoice.number)
