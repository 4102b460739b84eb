"""An invoice's HTML in its design: the one string both the live preview and the PDF use."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from billing_app.documents.custom_templates import (
    CSS_NAME,
    TemplateProblem,
    check_custom,
    render_custom,
)
from billing_app.documents.designs import CUSTOM, DESIGNS, InvoiceLook, look_context
from billing_app.documents.rendering import TEMPLATES

# What the preview may load: what the PDF's DataOnlyFetcher would (data: URLs), and no script.
PREVIEW_POLICY = "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'"


def render_invoice_html(look: InvoiceLook, context: Mapping[str, object]) -> str:
    """Raises TemplateFailed when the look is a custom template that fails on this invoice."""
    if look.design == CUSTOM:
        return render_custom(
            look.custom_html, look.custom_css, {**context, **look_context(look, CSS_NAME)}
        )
    design = DESIGNS.get(look.design, DESIGNS["classic"])
    template = TEMPLATES.get_template(design.html)
    return template.render(**context, **look_context(look, design.css))


def check_custom_look(
    look: InvoiceLook, contexts: Iterable[Mapping[str, object]]
) -> TemplateProblem | None:
    """The first problem of the look's custom template with each invoice's context."""
    extra = look_context(look, CSS_NAME)
    return check_custom(look.custom_html, look.custom_css, [{**c, **extra} for c in contexts])


def builtin_source(key: str) -> tuple[str, str]:
    """A built-in design's HTML and CSS, as the starting point of a custom template."""
    design = DESIGNS[key]
    loader = TEMPLATES.loader
    assert loader is not None
    html, css = (loader.get_source(TEMPLATES, name)[0] for name in (design.html, design.css))
    return html, css


def preview_document(html: str) -> str:
    """The invoice's HTML for a sandboxed iframe, with a policy that loads nothing from
    outside, so the preview shows no more than the PDF would."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{PREVIEW_POLICY}">'
    head = re.search(r"<head(\s[^>]*)?>", html, re.IGNORECASE)
    if head is None:
        return meta + html
    return html[: head.end()] + meta + html[head.end() :]
