import io
import re

import pytest
from pypdf import PdfReader

from billing_app.documents.custom_templates import TemplateFailed
from billing_app.documents.designs import CUSTOM, DESIGNS, InvoiceLook, footer_rows
from billing_app.documents.fetcher import DataOnlyFetcher
from billing_app.documents.invoice_html import (
    builtin_source,
    preview_document,
    render_invoice_html,
)
from billing_app.documents.rendering import html_to_pdf
from tests.documents.samples import context

LOGO = "data:image/png;base64,iVBORw0KGgo="


@pytest.mark.parametrize("design", list(DESIGNS))
def test_each_design_shows_the_invoice_its_accent_logo_and_footer(design):
    look = InvoiceLook(design=design, accent="#ff8000", footer="Bank transfer only.", logo_url=LOGO)
    html = render_invoice_html(look, context())
    for expected in ("Sample Customer S.p.A.", "Rete Sicura S.r.l.", "2.272,12\xa0€",
                     "#ff8000", "Bank transfer only.", f'src="{LOGO}"'):  # fmt: skip
        assert expected in html


def test_the_two_designs_are_different_layouts_not_a_recolouring():
    classic = render_invoice_html(InvoiceLook(design="classic"), context())
    modern = render_invoice_html(InvoiceLook(design="modern"), context())
    assert 'class="band"' in modern and 'class="band"' not in classic
    assert "Billed to" in modern and "Bill to" in classic


def test_an_unknown_design_falls_back_to_classic():
    fallback = render_invoice_html(InvoiceLook(design="gone"), context())
    assert fallback == render_invoice_html(InvoiceLook(design="classic"), context())


def test_no_logo_means_no_image():
    assert "<img" not in render_invoice_html(InvoiceLook(design="modern"), context())


def test_footer_text_is_escaped_and_keeps_its_lines():
    footer = '<b>Bold</b> & "quoted"\n<script>alert(1)</script>'
    html = render_invoice_html(InvoiceLook(footer=footer), context())
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34;\n&lt;script&gt;" in html
    assert "<script>" not in html


@pytest.mark.parametrize("design", list(DESIGNS))
def test_a_copy_of_a_built_in_design_renders_exactly_as_the_built_in(design):
    html, css = builtin_source(design)
    look = InvoiceLook(design=design, accent="#0f766e", footer="Notes", logo_url=LOGO)
    custom = InvoiceLook(CUSTOM, "#0f766e", "Notes", LOGO, custom_html=html, custom_css=css)
    for invoice in (context(), context(draft=True, with_payment=True)):
        assert render_invoice_html(custom, invoice) == render_invoice_html(look, invoice)


def test_a_failing_custom_template_raises_template_failed():
    look = InvoiceLook(CUSTOM, custom_html="{{ nope }}", custom_css="")
    with pytest.raises(TemplateFailed):
        render_invoice_html(look, context())


def test_the_footer_rows_count_wrapped_lines():
    assert footer_rows("") == 0
    assert footer_rows("one\ntwo") == 2
    assert footer_rows("x" * 200) == 3


def test_the_page_bottom_grows_with_the_footer():
    def bottom(footer: str) -> float:
        html = render_invoice_html(InvoiceLook(footer=footer), context())
        return float(re.search(r"margin: 18mm 16mm ([\d.]+)mm 16mm", html)[1])

    assert bottom("") < bottom("one") < bottom("one\ntwo\nthree")


def test_the_preview_gets_a_policy_that_loads_nothing_from_outside():
    html = render_invoice_html(InvoiceLook(design="modern"), context())
    preview = preview_document(html)
    head = preview.index("<head>") + len("<head>")
    assert preview[head:].startswith('<meta http-equiv="Content-Security-Policy"')
    assert "default-src 'none'; img-src data:" in preview
    assert "script-src" not in preview  # none: default-src 'none' forbids scripts
    assert preview_document("<p>bare</p>").startswith('<meta http-equiv="Content-Security')


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_footer_repeats_at_the_bottom_of_every_page():
    invoice = context()
    many = invoice["groups"][0]
    invoice["groups"] = [many] * 40
    html = render_invoice_html(InvoiceLook(design="modern", footer="Legal note"), invoice)
    pages = pdf_text(html_to_pdf(html, DataOnlyFetcher()))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Legal note" in text
        assert f"Page {number} of {len(pages)}" in text


CUSTOM_FETCHING = """<html><head><style>{% include stylesheet %}</style>
<link rel="stylesheet" href="http://127.0.0.1:1/remote.css"></head>
<body><p>Custom {{ customer.name }}</p><img src="file:///etc/passwd">
<img src="http://127.0.0.1:1/logo.png"><img src="{{ logo }}"></body></html>"""
CUSTOM_CSS = (
    "@import url(http://127.0.0.1:1/more.css);\nbody { background: url(file:///etc/hosts); }"
)


def test_a_custom_template_loads_nothing_but_data_urls_into_the_pdf():
    look = InvoiceLook(CUSTOM, logo_url=LOGO, custom_html=CUSTOM_FETCHING, custom_css=CUSTOM_CSS)
    fetcher = DataOnlyFetcher()
    pdf = html_to_pdf(render_invoice_html(look, context()), fetcher)
    assert "Custom Sample Customer S.p.A." in " ".join(pdf_text(pdf))
    assert sorted(fetcher.refused) == sorted([
        "http://127.0.0.1:1/remote.css", "http://127.0.0.1:1/more.css", "file:///etc/hosts",
        "file:///etc/passwd", "http://127.0.0.1:1/logo.png",
    ])  # fmt: skip
