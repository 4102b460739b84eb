from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.batch_export import batch_export_panel, export_batch_menu
from billing_app.components.batch_pdfs import download_pdfs
from billing_app.components.batch_sending import batch_sending_panel, send_all_button
from billing_app.components.feedback import error_callout
from billing_app.components.invoice_table import invoice_table
from billing_app.components.layout import layout, page_header
from billing_app.components.live import live_updates
from billing_app.components.tables import loading_or
from billing_app.state.base import AppState
from billing_app.state.batch import BatchState


def fact(label: str, value: rx.Var[str] | rx.Var[int]) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color=rx.color("gray", 10)),
        rx.text(value, size="3", weight="medium"),
        spacing="1",
    )


def delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Delete batch", color_scheme="red", variant="soft")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete batch ", BatchState.batch["name"], "?"),
            rx.alert_dialog.description(
                "Its Draft invoices are deleted and the tickets, time and expenses they bill are "
                "unlocked, to bill again later. A batch with issued invoices cannot be deleted.",
                size="2",
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                rx.button("Delete", color_scheme="red", on_click=BatchState.delete,
                          loading=BatchState.deleting),
                spacing="3", justify="end", margin_top="16px",
            ),
        ),
        open=BatchState.confirm_delete,
        on_open_change=BatchState.ask_delete,
    )  # fmt: skip


def content() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.hstack(
                fact("Period", BatchState.batch["period"]),
                fact("Created", BatchState.batch["created"]),
                fact("Invoices", BatchState.batch["invoices"]),
                fact("By status", BatchState.batch["statuses"]),
                fact("Totals", BatchState.batch["totals"]),
                spacing="7",
                wrap="wrap",
            ),
            width="100%",
            data_testid="batch-summary",
        ),
        batch_sending_panel(),
        batch_export_panel(),
        invoice_table(BatchState, in_batch=True),
        rx.heading("Tickets this batch locked", size="3", margin_top="8px"),
        rx.cond(
            BatchState.tickets.length() > 0,
            rx.flex(
                rx.foreach(BatchState.tickets, lambda t: rx.badge(t, variant="outline", size="2")),
                wrap="wrap",
                gap="8px",
                data_testid="locked-tickets",
            ),
            rx.text("None: this batch bills fees and units only.", color=rx.color("gray", 10)),
        ),
        spacing="4",
        width="100%",
    )


def batch() -> rx.Component:
    return layout(
        routes.BILLING,
        live_updates(BatchState.tick),
        page_header(
            BatchState.batch["name"],
            "An invoice batch and what it bills.",
            action=rx.hstack(
                download_pdfs(),
                rx.cond(
                    AppState.may_change_billing,
                    rx.hstack(send_all_button(), export_batch_menu(), delete_dialog(), spacing="3"),
                ),
                spacing="3",
                align="start",
            ),
        ),
        error_callout(BatchState.error),
        loading_or(BatchState.loading, content()),
    )
