"""Send one invoice by e-mail, its PDF attached.

A Draft is issued first (number, dates, Sent) in the same transaction as the sending,
and that transaction is committed by the caller only after the mail server accepted
the message: when the server is down, refuses the sign-in or a recipient, the raised
error rolls everything back, so the Draft keeps no number (numbers stay gapless).
The connection to the server is opened before the invoice is locked, so the lock is
held only while the PDF is rendered and the message handed over.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from sqlmodel import Session

from billing_app.documents.email import (
    Attachment,
    address_list,
    build_message,
    fill,
    template_problem,
)
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.formats import format_day
from billing_app.domain.mail import status_after_sending
from billing_app.domain.money import format_money
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import AccountSettings, Customer, Invoice
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.customers import EMAIL
from billing_app.services.invoice_pdf import invoice_pdf
from billing_app.services.invoices.status import lock_invoice, set_status
from billing_app.services.mail.delivery import connected
from billing_app.services.mail.settings import load_delivery

SENT_ACTION = "invoice_sent"  # the audit event of every invoice e-mail


@dataclass(frozen=True)
class InvoiceEmail:
    recipients: str  # comma-separated, as typed
    subject: str  # templates: the placeholders are filled in on sending
    body: str


@dataclass(frozen=True)
class InvoiceEmailDraft:
    """What the Send dialog starts from."""

    email: InvoiceEmail
    title: str  # "Invoice 2026-00012" or "Draft invoice"
    issues: bool  # a Draft: sending gives it its number


@dataclass(frozen=True)
class SentInvoice:
    invoice_id: int
    number: str
    status: InvoiceStatus
    recipients: list[str]
    reply: str  # the mail server's answer


def _invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise BillingError("invoice_not_found", "That invoice does not exist (any more).")
    return invoice


def invoice_email_draft(session: Session, actor: Actor, invoice_id: int) -> InvoiceEmailDraft:
    require(session, actor, Permission.CHANGE_BILLING, "send invoices")
    invoice = _invoice(session, invoice_id)
    status_after_sending(invoice.status)  # a refunded invoice is refused before the dialog
    delivery = load_delivery(session)
    customer = session.get_one(Customer, invoice.customer_id)
    email = InvoiceEmail(", ".join(address_list(customer.billing_emails)),
                         delivery.subject_template, delivery.body_template)  # fmt: skip
    draft = invoice.status is InvoiceStatus.DRAFT
    title = "Draft invoice" if draft else f"Invoice {invoice.number}"
    return InvoiceEmailDraft(email=email, title=title, issues=draft)


def check_invoice_email(email: InvoiceEmail) -> dict[str, str]:
    errors: dict[str, str] = {}
    recipients = address_list(email.recipients)
    if not recipients:
        errors["recipients"] = "Enter at least one recipient."
    elif bad := [a for a in recipients if not EMAIL.match(a)]:
        errors["recipients"] = (f"'{bad[0]}' is not an e-mail address; separate several "
                                "with commas.")  # fmt: skip
    for name, what in (("subject", "subject"), ("body", "message")):
        if problem := template_problem(getattr(email, name), what):
            errors[name] = problem
    return errors


def _placeholders(session: Session, invoice: Invoice) -> dict[str, str]:
    account = session.get_one(AccountSettings, 1)
    customer = session.get_one(Customer, invoice.customer_id)
    locale = account.locale
    return {
        "number": invoice.number or "",
        "total": format_money(invoice.total, invoice.currency, locale),
        "due_date": format_day(invoice.due_date, locale) if invoice.due_date else "",
        "company": account.legal_name,
        "customer": customer.name,
    }


def send_invoice(
    session: Session,
    actor: Actor,
    invoice_id: int,
    email: InvoiceEmail,
    ssl_context: ssl.SSLContext | None = None,
) -> SentInvoice:
    require(session, actor, Permission.CHANGE_BILLING, "send invoices")
    if errors := check_invoice_email(email):
        raise FieldErrors("invalid_invoice_email", errors)
    status_after_sending(_invoice(session, invoice_id).status)
    delivery = load_delivery(session)
    to = address_list(email.recipients)
    envelope = address_list(", ".join([*to, *delivery.bcc]))
    with connected(delivery.server, ssl_context) as connection:
        invoice = lock_invoice(session, invoice_id)
        target = status_after_sending(invoice.status)
        if target is not invoice.status:
            set_status(session, actor, invoice_id, target, Via.EMAIL)
        values = _placeholders(session, invoice)
        filename, pdf = invoice_pdf(session, actor, invoice_id)
        message = build_message(delivery.sender, to, fill(email.subject, values),
                                fill(email.body, values), [Attachment(filename, pdf)])  # fmt: skip
        reply = connection.send(message, delivery.sender.address, envelope)
    record_audit(
        session, actor, SENT_ACTION, entity="invoice", entity_id=invoice_id,
        invoice_id=invoice_id, to_value=", ".join(to)[:200], via=Via.EMAIL,
        details=f"Subject: {message['Subject']}; server: {reply}",
    )  # fmt: skip
    return SentInvoice(invoice_id=invoice_id, number=invoice.number or "",
                       status=invoice.status, recipients=to, reply=reply)  # fmt: skip
