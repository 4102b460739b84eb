"""The built-in invoice designs, and what a design adds to an invoice's context."""

from __future__ import annotations

import math
from dataclasses import dataclass

from billing_app.domain.colors import text_on, tint

CUSTOM = "custom"
FOOTER_ROW_CHARS = 90  # about what one footer row holds across an A4 page at 8pt


@dataclass(frozen=True)
class Design:
    key: str
    label: str
    blurb: str

    @property
    def html(self) -> str:
        return f"invoice/{self.key}.html"

    @property
    def css(self) -> str:
        return f"invoice/{self.key}.css"


DESIGNS = {
    design.key: design
    for design in (
        Design("classic", "Classic", "Formal; the accent on rules and totals."),
        Design("modern", "Modern", "An accent band on top, larger type."),
    )
}


@dataclass(frozen=True)
class InvoiceLook:
    """Everything about an invoice's appearance: a design and what the admin set for it."""

    design: str = "classic"  # a key of DESIGNS, or CUSTOM
    accent: str = "#1f4e79"
    footer: str = ""
    logo_url: str = ""  # a data: URL, or "" for no logo
    custom_html: str = ""
    custom_css: str = ""


def footer_rows(footer: str) -> int:
    """Rows the footer text takes once wrapped: the page's bottom margin grows to hold them,
    so the footer repeats on every page instead of spilling alone onto a last one."""
    return sum(max(1, math.ceil(len(line) / FOOTER_ROW_CHARS)) for line in footer.splitlines())


def look_context(look: InvoiceLook, stylesheet: str) -> dict[str, object]:
    """The variables a template uses for its look; `stylesheet` is the CSS it includes."""
    return {
        "accent": look.accent,
        "accent_text": text_on(look.accent),
        "accent_tint": tint(look.accent, 0.12),
        "footer_text": look.footer,
        "footer_rows": footer_rows(look.footer),
        "logo": look.logo_url,
        "stylesheet": stylesheet,
    }
