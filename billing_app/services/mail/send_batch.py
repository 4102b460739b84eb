"""Send every invoice of a batch that has somewhere to go, each in its own transaction.

`send_batch` yields one result per invoice as it goes, so a page can show progress;
running it again skips what was already sent. When the server itself fails (down,
sign-in refused...), the invoices after it are not attempted: they would fail alike.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from billing_app.documents.email import address_list
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.models import AuditEvent, Customer, Invoice, InvoiceBatch
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.mail.delivery import SERVER_FAILURES
from billing_app.services.mail.send_invoice import SENT_ACTION, InvoiceEmail, send_invoice
from billing_app.services.mail.settings import load_delivery

Sessions = Callable[[], AbstractContextManager[Session]]
# failures that every following invoice would meet too
STOPS = SERVER_FAILURES | {"forbidden", "mail_not_configured", "wrong_secret_key"}


class Outcome(StrEnum):
    SENT = "sent"
    NO_EMAIL = "no_email"
    ALREADY_SENT = "already_sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.value]


OUTCOME_LABELS = {
    "sent": "Sent",
    "no_email": "Skipped: no e-mail",
    "already_sent": "Skipped: already sent",
    "failed": "Failed",
}


@dataclass(frozen=True)
class BatchSendResult:
    invoice_id: int
    invoice: str  # its number, or "Draft #id" when it has none
    customer: str
    outcome: Outcome
    detail: str  # the recipients, or why it was skipped or failed


def batch_invoices_to_send(session: Session, actor: Actor, batch_id: int) -> list[int]:
    """The batch's invoices in order; refused up front when e-mail is not set up."""
    require(session, actor, Permission.CHANGE_BILLING, "send invoices")
    if session.get(InvoiceBatch, batch_id) is None:
        raise BillingError("batch_not_found", "That batch does not exist (any more).")
    load_delivery(session)
    ids = session.exec(
        select(Invoice.id).where(Invoice.batch_id == batch_id).order_by(col(Invoice.id))
    ).all()
    return [invoice_id for invoice_id in ids if invoice_id is not None]


def _names(session: Session, invoice_id: int) -> tuple[str, str]:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        return f"#{invoice_id}", ""
    customer = session.get_one(Customer, invoice.customer_id)
    return invoice.number or f"Draft #{invoice_id}", customer.name


def was_sent(session: Session, invoice: Invoice) -> bool:
    """Sent (by e-mail or marked by hand), or e-mailed before whatever its status now."""
    if invoice.status is InvoiceStatus.SENT:
        return True
    emailed = select(AuditEvent.id).where(
        AuditEvent.invoice_id == invoice.id, AuditEvent.action == SENT_ACTION
    )
    return session.exec(emailed.limit(1)).first() is not None


def _send_one(
    session: Session,
    actor: Actor,
    invoice_id: int,
    stopped: str,
    ssl_context: ssl.SSLContext | None,
) -> BatchSendResult:
    require(session, actor, Permission.CHANGE_BILLING, "send invoices")
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise BillingError("invoice_not_found", "The invoice was deleted meanwhile.")
    customer = session.get_one(Customer, invoice.customer_id)
    label = invoice.number or f"Draft #{invoice_id}"

    def result(outcome: Outcome, detail: str, number: str = label) -> BatchSendResult:
        return BatchSendResult(invoice_id, number, customer.name, outcome, detail)

    if not address_list(customer.billing_emails):
        return result(Outcome.NO_EMAIL, "The customer has no billing e-mail address.")
    if was_sent(session, invoice):
        return result(Outcome.ALREADY_SENT, f"{invoice.status.label}; sent before.")
    if stopped:
        return result(Outcome.FAILED, f"Not attempted: {stopped}")
    delivery = load_delivery(session)
    email = InvoiceEmail(customer.billing_emails, delivery.subject_template,
                         delivery.body_template)  # fmt: skip
    sent = send_invoice(session, actor, invoice_id, email, ssl_context)
    return result(Outcome.SENT, "To " + ", ".join(sent.recipients), sent.number)


def send_batch(
    sessions: Sessions,
    actor: Actor,
    invoice_ids: list[int],
    ssl_context: ssl.SSLContext | None = None,
) -> Iterator[BatchSendResult]:
    """One result per invoice, in order; `sessions()` opens one transaction."""
    stopped = ""
    for invoice_id in invoice_ids:
        try:
            with sessions() as session:
                outcome = _send_one(session, actor, invoice_id, stopped, ssl_context)
        except BillingError as error:  # the transaction rolled back: nothing of it stays
            with sessions() as session:
                label, customer = _names(session, invoice_id)
            outcome = BatchSendResult(invoice_id, label, customer, Outcome.FAILED, error.message)
            if error.code in STOPS:
                stopped = error.message
        yield outcome
