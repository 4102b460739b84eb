"""An invoice as a PDF: Jinja2 (autoescaped) HTML rendered by WeasyPrint, loading nothing."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlmodel import Session
from weasyprint import HTML

from billing_app.domain.roles import Permission
from billing_app.models import AccountSettings, Customer
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.invoices.detail import invoice_detail
from billing_app.services.pdf.document import invoice_context
from billing_app.services.pdf.fetcher import DataOnlyFetcher

TEMPLATES = Environment(
    loader=PackageLoader("billing_app", "templates"),
    autoescape=select_autoescape(["html", "css"], default=True),
)


def render_pdf(template: str, context: dict[str, object], fetcher: DataOnlyFetcher) -> bytes:
    html = TEMPLATES.get_template(template).render(**context)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def invoice_pdf(
    session: Session, actor: Actor, invoice_id: int, fetcher: DataOnlyFetcher | None = None
) -> tuple[str, bytes]:
    """The invoice's file name and PDF bytes."""
    require(session, actor, Permission.VIEW_BILLING, "download invoices")
    detail = invoice_detail(session, actor, invoice_id)
    account = session.get_one(AccountSettings, 1)
    customer = session.get_one(Customer, detail.customer_id)
    context = invoice_context(detail, account, customer)
    name = f"invoice-{detail.number}.pdf" if detail.number else f"draft-invoice-{detail.id}.pdf"
    return name, render_pdf("invoice/classic.html", context, fetcher or DataOnlyFetcher())
