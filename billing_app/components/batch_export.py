"""The Batch page's Export batch: the menu of connected accounting systems, and the progress
and per-invoice results panel (state/batch_export.py)."""

from __future__ import annotations

import reflex as rx

from billing_app.components.batch_run import batch_run_panel
from billing_app.state.base import AppState
from billing_app.state.batch_export import BatchExportState, ExportResultView
from billing_app.state.invoice_export import ProviderChoice

S = BatchExportState


def provider_item(provider: ProviderChoice) -> rx.Component:
    return rx.menu.item(
        "To " + provider["label"], on_click=S.export_batch(provider["value"]),
        data_testid="export-batch-to-" + provider["value"],
    )  # fmt: skip


def export_batch_menu() -> rx.Component:
    """Hidden when nothing is connected or the user may not change billing."""
    return rx.box(
        rx.cond(
            AppState.may_change_billing & (S.providers.length() > 0),
            rx.menu.root(
                rx.menu.trigger(rx.button(
                    rx.icon("upload", size=16), rx.cond(S.running, "Exporting…", "Export batch"),
                    rx.icon("chevron-down", size=14),
                    variant="soft", loading=S.running, data_testid="export-batch",
                )),
                rx.menu.content(rx.foreach(S.providers, provider_item)),
            ),
        ),
        on_mount=S.load_providers,
        display="contents",
    )  # fmt: skip


def result_row(result: ExportResultView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(result["invoice"],
                              href="/billing/invoices/" + result["invoice_id"].to_string())),
        rx.table.cell(rx.badge(result["outcome"], color_scheme=result["color"], variant="soft")),
        rx.table.cell(rx.text(result["detail"], size="2", color=rx.color("gray", 11))),
        data_testid="export-result",
    )  # fmt: skip


def results_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(
            *[rx.table.column_header_cell(h) for h in ("Invoice", "Result", "Detail")]
        )),
        rx.table.body(rx.foreach(S.results, result_row)),
        variant="ghost", size="1", width="100%",
    )  # fmt: skip


def batch_export_panel() -> rx.Component:
    """Only for the batch it was run on, once Export batch was clicked there."""
    status = rx.cond(
        S.running,
        rx.hstack(rx.spinner(size="2"), rx.text("Exporting…", size="2"), spacing="2",
                  align="center"),
        rx.text(S.summary, size="2", weight="medium", data_testid="export-summary"),
    )  # fmt: skip
    heading = rx.heading("Export to ", S.provider, size="3")
    return batch_run_panel(S, heading, status, results_table(), "batch-export")
