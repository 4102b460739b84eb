"""HTML from the package's Jinja2 templates (autoescaped), turned into PDF by WeasyPrint."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from weasyprint import HTML

from billing_app.documents.fetcher import DataOnlyFetcher

TEMPLATES = Environment(
    loader=PackageLoader("billing_app.documents", "templates"),
    autoescape=select_autoescape(["html", "css"], default=True),
)


def render_pdf(template: str, context: dict[str, object], fetcher: DataOnlyFetcher) -> bytes:
    html = TEMPLATES.get_template(template).render(**context)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
