"""The live preview of Admin > Invoice design: the latest invoice (or a sample) in the design
being edited, before it is saved, as the very HTML its PDF would be made from."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from billing_app.documents.designs import CUSTOM
from billing_app.documents.invoice_context import invoice_context
from billing_app.documents.invoice_html import preview_document, render_invoice_html
from billing_app.documents.sample_invoice import sample_customer, sample_invoice
from billing_app.domain.roles import Permission
from billing_app.models import AccountSettings, Customer, Invoice, InvoiceLine
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.invoice_design import (
    DesignInput,
    check_design,
    design_row,
    look_of,
    sample_contexts,
)
from billing_app.services.invoices.detail import invoice_detail
from billing_app.services.settings import account_of

TEMPLATE_FIELDS = {"design", "custom_html", "custom_css"}


@dataclass(frozen=True)
class DesignPreview:
    html: str  # for a sandboxed iframe's srcdoc; "" when the design cannot render
    source: str  # which invoice it shows
    errors: dict[str, str]  # a sentence per wrong field, as saving would say it


def _latest_invoice_with_lines(session: Session) -> int | None:
    has_lines = select(InvoiceLine.id).where(InvoiceLine.invoice_id == Invoice.id).exists()
    query = select(Invoice.id).where(has_lines).order_by(col(Invoice.id).desc()).limit(1)
    return session.exec(query).first()


def preview_source(
    session: Session, actor: Actor, account: AccountSettings
) -> tuple[dict[str, object], str]:
    """The context of the invoice to show, and a sentence saying which one it is."""
    invoice_id = _latest_invoice_with_lines(session)
    if invoice_id is None:
        sample = sample_invoice(account.currency, utcnow().date())
        context = invoice_context(sample, account, sample_customer())
        return context, "A sample invoice: there is no invoice with lines yet."
    detail = invoice_detail(session, actor, invoice_id)
    customer = session.get_one(Customer, detail.customer_id)
    name = f"Invoice {detail.number}" if detail.number else f"Draft invoice #{detail.id}"
    return invoice_context(detail, account, customer), f"{name} for {detail.customer}, the latest."


def preview_invoice_design(session: Session, actor: Actor, data: DesignInput) -> DesignPreview:
    require(session, actor, Permission.MANAGE_SETTINGS, "preview the invoice design")
    account = account_of(session)
    context, source = preview_source(session, actor, account)
    row = design_row(session)
    invoices = [context, *sample_contexts(account, utcnow().date())]
    errors, clean = check_design(data, invoices, look_of(data, row).logo_url)
    if "accent_color" in errors:  # while a colour is being typed, show the saved one
        clean = replace(clean, accent_color=row.accent_color)
    broken = "design" in errors or (clean.design == CUSTOM and errors.keys() & TEMPLATE_FIELDS)
    html = "" if broken else preview_document(render_invoice_html(look_of(clean, row), context))
    return DesignPreview(html=html, source=source, errors=errors)
