"""The Invoice page's Accounting card (state/invoice_links.py); absent while the invoice has
never been pushed anywhere."""

from __future__ import annotations

import reflex as rx

from billing_app.state.invoice import InvoiceState
from billing_app.state.invoice_links import InvoiceLinksState, LinkView

TONES = {"in": "green", "failed": "red", "pending": "amber"}
ICONS = {"in": "circle-check", "failed": "circle-alert", "pending": "clock"}


def link_row(link: LinkView) -> rx.Component:
    tone = rx.match(link["state"], *TONES.items(), "gray")
    return rx.hstack(
        rx.badge(rx.match(link["state"], *((k, rx.icon(v, size=12)) for k, v in ICONS.items()),
                          rx.icon("circle", size=12)),
                 link["title"], color_scheme=tone, variant="soft", flex_shrink="0"),
        rx.text(link["sentence"], size="2"),
        rx.spacer(),
        rx.text(link["external_id"], size="1", color=rx.color("gray", 10),
                font_family="monospace", flex_shrink="0"),
        align="center", spacing="3", width="100%",
    )  # fmt: skip


def accounting_card() -> rx.Component:
    return rx.box(
        rx.cond(
            InvoiceLinksState.links.length() > 0,
            rx.card(
                rx.text("Accounting", weight="bold", size="2"),
                rx.vstack(rx.foreach(InvoiceLinksState.links, link_row), spacing="2",
                          margin_top="8px"),
                width="100%", data_testid="accounting-links",
            ),
        ),
        on_mount=InvoiceLinksState.load(InvoiceState.invoice_id),
        width="100%",
    )  # fmt: skip
