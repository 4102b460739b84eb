"""The Batch page's Send all: the button with its confirmation, and the progress and results
panel (state/batch_sending.py)."""

from __future__ import annotations

import reflex as rx

from billing_app.components.batch_run import batch_run_panel
from billing_app.state.batch_sending import BatchSendingState, ResultView

S = BatchSendingState


def send_all_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(
            rx.icon("send", size=16),
            rx.cond(S.running, "Sending " + S.done.to_string() + " of " + S.total.to_string(),
                    "Send all"),
            variant="soft", loading=S.running & (S.total == 0), disabled=S.running,
        )),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Send every invoice of this batch?"),
            rx.alert_dialog.description(
                "Each invoice goes to its customer's billing e-mail addresses with its PDF. "
                "Drafts are issued as they are sent: numbered and frozen. Invoices without an "
                "address, and those already sent, are skipped.",
                size="2",
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Send all", on_click=S.send_all)),
                spacing="3", justify="end", margin_top="16px",
            ),
        ),
        open=S.confirming,
        on_open_change=S.ask,
    )  # fmt: skip


def result_row(result: ResultView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(result["invoice"],
                              href="/billing/invoices/" + result["invoice_id"].to_string())),
        rx.table.cell(result["customer"]),
        rx.table.cell(rx.badge(result["outcome"], color_scheme=result["color"], variant="soft")),
        rx.table.cell(rx.text(result["detail"], size="2", color=rx.color("gray", 11))),
        data_testid="send-result",
    )  # fmt: skip


def progress() -> rx.Component:
    return rx.cond(
        S.running,
        rx.vstack(
            rx.text("Sending ", S.done, " of ", S.total, "…", size="2"),
            rx.progress(value=S.percent, width="100%"),
            spacing="2", width="100%",
        ),
        rx.text(S.summary, size="2", weight="medium", data_testid="send-summary"),
    )  # fmt: skip


def results_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(
            *[rx.table.column_header_cell(h) for h in ("Invoice", "Customer", "Result", "Detail")]
        )),
        rx.table.body(rx.foreach(S.results, result_row)),
        variant="ghost", size="1", width="100%",
    )  # fmt: skip


def batch_sending_panel() -> rx.Component:
    """Only for the batch it was run on, once Send all was clicked there."""
    status = rx.cond(S.error == "", progress())
    heading = rx.heading("Send all", size="3")
    return batch_run_panel(S, heading, status, results_table(), "batch-sending")
