"""An invoice as a PDF, for whoever may see billing, in the design an admin chose."""

from __future__ import annotations

from sqlmodel import Session

from billing_app.documents.custom_templates import TemplateFailed
from billing_app.documents.fetcher import DataOnlyFetcher
from billing_app.documents.invoice_context import invoice_context
from billing_app.documents.invoice_html import render_invoice_html
from billing_app.documents.rendering import html_to_pdf
from billing_app.domain.errors import BillingError
from billing_app.domain.file_names import safe_file_name
from billing_app.domain.roles import Permission
from billing_app.models import AccountSettings, Customer
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.invoice_design import invoice_look
from billing_app.services.invoices.detail import invoice_detail


def invoice_pdf(
    session: Session, actor: Actor, invoice_id: int, fetcher: DataOnlyFetcher | None = None
) -> tuple[str, bytes]:
    """The invoice's file name and PDF bytes."""
    require(session, actor, Permission.VIEW_BILLING, "download invoices")
    detail = invoice_detail(session, actor, invoice_id)
    account = session.get_one(AccountSettings, 1)
    customer = session.get_one(Customer, detail.customer_id)
    context = invoice_context(detail, account, customer)
    try:
        html = render_invoice_html(invoice_look(session), context)
    except TemplateFailed as failed:
        problem = failed.problem
        raise BillingError(
            "invoice_template_failed",
            f"The custom invoice template fails on this invoice ({problem.place}: "
            f"{problem.message.rstrip('.')}); an admin can fix it or "
            "choose a built-in design under Admin > Invoice design.",
        ) from None
    name = (
        f"invoice-{safe_file_name(detail.number)}.pdf"
        if detail.number
        else f"draft-invoice-{detail.id}.pdf"
    )
    return name, html_to_pdf(html, fetcher or DataOnlyFetcher())
