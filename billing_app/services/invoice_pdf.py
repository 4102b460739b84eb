"""An invoice as a PDF, for whoever may see billing."""

from __future__ import annotations

from sqlmodel import Session

from billing_app.documents.fetcher import DataOnlyFetcher
from billing_app.documents.invoice_context import invoice_context
from billing_app.documents.rendering import render_pdf
from billing_app.domain.file_names import safe_file_name
from billing_app.domain.roles import Permission
from billing_app.models import AccountSettings, Customer
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
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
    name = (
        f"invoice-{safe_file_name(detail.number)}.pdf"
        if detail.number
        else f"draft-invoice-{detail.id}.pdf"
    )
    return name, render_pdf("invoice/classic.html", context, fetcher or DataOnlyFetcher())
