"""The Invoice page's Export menu: one item per connected accounting system; hidden when none
is connected or the user may not change billing (state/invoice_export.py)."""

from __future__ import annotations

import reflex as rx

from billing_app.state.base import AppState
from billing_app.state.invoice import InvoiceState
from billing_app.state.invoice_export import InvoiceExportState, ProviderChoice

S = InvoiceExportState


def provider_item(provider: ProviderChoice) -> rx.Component:
    return rx.menu.item(
        "To " + provider["label"], on_click=S.export(provider["value"]),
        data_testid="export-to-" + provider["value"],
    )  # fmt: skip


def export_invoice_menu() -> rx.Component:
    return rx.box(
        rx.cond(
            AppState.may_change_billing & (S.providers.length() > 0)
            & (InvoiceState.status != "Refunded"),  # its credit note follows the refund
            rx.menu.root(
                rx.menu.trigger(rx.button(
                    rx.icon("upload", size=16), "Export", rx.icon("chevron-down", size=14),
                    variant="soft", loading=S.exporting, data_testid="export-invoice",
                )),
                rx.menu.content(rx.foreach(S.providers, provider_item)),
            ),
        ),
        on_mount=S.load_providers,
        display="contents",
    )  # fmt: skip
