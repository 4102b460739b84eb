"""Where one invoice stands in the accounting systems, for its page: exported or not (and why
not), the payments recorded here by hand that were pushed there, and the credit note of its
refund.

An invoice numbered by an export that the provider then refused keeps its number and status
(numbers are gapless), so this is where a user sees that it is not in Xero yet and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, col, select

from billing_app.domain.accounting import ExportedDocument, ExportResult, Provider
from billing_app.domain.formats import format_day, format_moment
from billing_app.domain.idempotency import payment_key
from billing_app.domain.money import format_money
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.models import (
    CreditNoteExport,
    ExportRecord,
    Invoice,
    InvoiceExport,
    Payment,
    PaymentExport,
)
from billing_app.services.account import account_locale
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


class LinkState(StrEnum):
    IN = "in"  # the provider has it as we last sent it
    FAILED = "failed"  # the provider does not have it (or not its last change)
    PENDING = "pending"  # a refund's credit note or a payment not created yet


@dataclass(frozen=True)
class AccountingLink:
    provider: str  # the provider's label
    document: str  # "Invoice", "Payment" or "Credit note"
    state: LinkState
    sentence: str
    external_id: str = ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _attempts(session: Session, invoice_id: int) -> list[ExportRecord]:
    """The invoice's export log, oldest first."""
    return list(
        session.exec(
            select(ExportRecord)
            .where(ExportRecord.invoice_id == invoice_id)
            .order_by(col(ExportRecord.attempted_at), col(ExportRecord.id))
        ).all()
    )


def _invoice_link(
    export: InvoiceExport | None, last: ExportRecord | None, provider: Provider, locale: str
) -> AccountingLink | None:
    name, document = provider.label, ExportedDocument.INVOICE.label
    failed = last is not None and last.result is ExportResult.FAILED
    if export is None:
        if not failed or last is None:
            return None
        when = format_moment(last.attempted_at, locale)
        sentence = f"Not in {name} (tried {when}): {_sentence(last.error)} Export again once fixed."
        return AccountingLink(name, document, LinkState.FAILED, sentence)
    since = format_moment(export.exported_at, locale)
    if failed and last is not None and last.attempted_at > export.exported_at:
        when = format_moment(last.attempted_at, locale)
        return AccountingLink(
            name, document, LinkState.FAILED,
            f"In {name} since {since}; the update of {when} failed: {_sentence(last.error)}",
            export.external_id,
        )  # fmt: skip
    return AccountingLink(name, document, LinkState.IN, f"In {name} since {since}.",
                          export.external_id)  # fmt: skip


def _credit_link(
    credit: CreditNoteExport | None, last: ExportRecord | None, provider: Provider, locale: str
) -> AccountingLink | None:
    if credit is None and last is None:
        return None
    name, document = provider.label, ExportedDocument.CREDIT_NOTE.label
    if credit is not None and credit.external_id and credit.exported_at:
        return AccountingLink(
            name, document, LinkState.IN,
            f"Refund credited in {name} since {format_moment(credit.exported_at, locale)}.",
            credit.external_id,
        )  # fmt: skip
    reason = f": {last.error}" if last is not None and last.error else ""
    return AccountingLink(name, document, LinkState.PENDING,
                          f"The refund's credit note is not in {name} yet{reason}; "
                          "the next payment sync tries again.")  # fmt: skip


def _payment_link(
    pushed: PaymentExport,
    payment: Payment,
    invoice: Invoice,
    errors: dict[str, str],
    locale: str,
) -> AccountingLink:
    """`errors`: the last failure of each write, by its idempotency key."""
    name, document = pushed.provider.label, ExportedDocument.PAYMENT.label
    what = (f"Payment of {format_money(payment.amount, invoice.currency, locale)} received "
            f"{format_day(payment.received_on, locale)}")  # fmt: skip
    if pushed.external_id:
        return AccountingLink(name, document, LinkState.IN, f"{what}: recorded in {name}.",
                              pushed.external_id)  # fmt: skip
    if invoice.status is InvoiceStatus.REFUNDED:
        return AccountingLink(name, document, LinkState.PENDING,
                              f"{what}: not in {name}; the refund's credit note settles the "
                              "invoice there.")  # fmt: skip
    error = errors.get(payment_key(pushed.provider, payment.id or 0), "")
    reason = f": {error.rstrip('.')}" if error else ""
    return AccountingLink(name, document, LinkState.PENDING,
                          f"{what}: not in {name} yet{reason}; the next payment sync tries "
                          "again.")  # fmt: skip


def _payment_links(
    session: Session, invoice_id: int, attempts: list[ExportRecord], locale: str
) -> dict[Provider, list[AccountingLink]]:
    links: dict[Provider, list[AccountingLink]] = {provider: [] for provider in Provider}
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        return links
    rows = session.exec(
        select(PaymentExport, Payment)
        .join(Payment, col(Payment.id) == col(PaymentExport.payment_id))
        .where(PaymentExport.invoice_id == invoice_id)
        .order_by(col(Payment.received_on), col(Payment.id))
    ).all()
    errors = {r.idempotency_key: r.error for r in attempts
              if r.document is ExportedDocument.PAYMENT}  # fmt: skip
    for pushed, payment in rows:
        links[pushed.provider].append(_payment_link(pushed, payment, invoice, errors, locale))
    return links


def accounting_links(session: Session, actor: Actor, invoice_id: int) -> list[AccountingLink]:
    """Per provider: the invoice's link, its payments pushed there, then its refund's credit
    note (Provider order)."""
    require(session, actor, Permission.VIEW_BILLING, "see where an invoice was exported")
    locale = account_locale(session)
    exports = {
        row.provider: row
        for row in session.exec(
            select(InvoiceExport).where(InvoiceExport.invoice_id == invoice_id)
        ).all()
    }
    credits = {
        row.provider: row
        for row in session.exec(
            select(CreditNoteExport).where(CreditNoteExport.invoice_id == invoice_id)
        ).all()
    }
    log = _attempts(session, invoice_id)
    attempts = {(record.provider, record.document): record for record in log}
    payments = _payment_links(session, invoice_id, log, locale)
    links: list[AccountingLink] = []
    for provider in Provider:
        last_export = attempts.get((provider, ExportedDocument.INVOICE))
        link = _invoice_link(exports.get(provider), last_export, provider, locale)
        last_credit = attempts.get((provider, ExportedDocument.CREDIT_NOTE))
        credit = _credit_link(credits.get(provider), last_credit, provider, locale)
        links += [found for found in (link, *payments[provider], credit) if found is not None]
    return links
