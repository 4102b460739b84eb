"""HTML from the package's Jinja2 templates (autoescaped), turned into PDF by WeasyPrint."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from weasyprint import HTML

from billing_app.documents.fetcher import DataOnlyFetcher

TEMPLATES = Environment(
    loader=PackageLoader("billing_app.documents", "templates"),
    autoescape=select_autoescape(["html", "css"], default=True),
)


def html_to_pdf(html: str, fetcher: DataOnlyFetcher) -> bytes:
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
