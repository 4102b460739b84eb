"""Admin > Accounting: the export log table, newest attempt first."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.tables import list_body, paged_table
from billing_app.state.export_log import ExportLogState

S = ExportLogState
COLUMNS = ("Time", "Invoice", "Document", "Provider", "Result", "External id", "Error")


def _row(row: rx.Var[dict[str, Any]]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["at"], white_space="nowrap"),
        rx.table.cell(
            rx.link(
                row["invoice_number"], href="/billing/invoices/" + row["invoice_id"].to_string()
            )
        ),
        rx.table.cell(row["document"]),
        rx.table.cell(row["provider"]),
        rx.table.cell(
            rx.cond(
                row["succeeded"],
                rx.badge("Exported", color_scheme="green"),
                rx.badge("Failed", color_scheme="red"),
            )
        ),
        rx.table.cell(rx.code(row["external_id"], variant="ghost")),
        rx.table.cell(rx.text(row["error"], size="2", color=rx.color("red", 11))),
    )


def export_log_table() -> rx.Component:
    return rx.vstack(
        rx.heading("Export log", size="4"),
        list_body(
            S,
            paged_table(
                S,
                COLUMNS,
                _row,
                test_id="export-log",
                one="attempt",
                many="attempts",
                empty="No exports yet",
            ),
        ),
        spacing="3",
        width="100%",
        align="stretch",
        on_mount=S.load,
    )
