"""The invoice table of the Billing and Batch pages: filters, sortable columns, inline status,
paging, the "Issue it?" confirmation and the history dialog. `state` is a page state with the
InvoiceTable mixin; `in_batch` hides what a single batch's page does not need."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.forms import named_select
from billing_app.components.status_change import confirm_issue, status_select
from billing_app.components.tables import NUMERIC, empty_state, pager
from billing_app.state.audit import AuditView
from billing_app.state.invoice_table import ALL_STATUSES, InvoiceView
from billing_app.state.status_change import STATUS_LABELS

STATUS_CHOICES = [ALL_STATUSES, *STATUS_LABELS]
COLUMNS = (
    ("Number", "number"), ("Created", "created"), ("Customer", "customer"), ("Batch", "batch"),
    ("Status", "status"),
)  # fmt: skip
MONEY_COLUMNS = (("Total", "total"), ("Balance due", "balance"))


def invoice_row(state: Any, row: InvoiceView, in_batch: bool) -> rx.Component:
    number = rx.hstack(
        rx.link(row["number"], href=f"/billing/invoices/{row['id']}"),
        rx.icon_button(rx.icon("history", size=14), size="1", variant="ghost",
                       color_scheme="gray", aria_label="History",
                       on_click=state.open_history(row["id"], row["number"])),
        align="center", spacing="2",
    )  # fmt: skip
    return rx.table.row(
        rx.table.row_header_cell(number, white_space="nowrap"),
        rx.table.cell(row["created"], white_space="nowrap"),
        rx.table.cell(row["customer"]),
        *([] if in_batch else [rx.table.cell(row["batch"])]),
        rx.table.cell(status_select(state, row["id"], row["status"])),
        rx.table.cell(row["total"], style=NUMERIC),
        rx.table.cell(row["balance"], style=NUMERIC),
        data_testid="invoice-row",
    )


def history_entry(entry: AuditView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(entry["at"], white_space="nowrap"),
        rx.table.cell(entry["actor"]),
        rx.table.cell(entry["action"]),
        rx.table.cell(entry["change"]),
        rx.table.cell(rx.badge(entry["via"], variant="soft", color_scheme="gray")),
    )


def history_dialog(state: Any) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("History of ", state.history_of),
            rx.cond(
                state.history.length() > 0,
                rx.table.root(rx.table.body(rx.foreach(state.history, history_entry)),
                              size="1", width="100%"),
                rx.text("Nothing has happened to this invoice yet.", color=rx.color("gray", 10)),
            ),
            rx.flex(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end", margin_top="16px",
            ),
            max_width="720px",
        ),
        open=state.history_of != "",
        on_open_change=lambda _: state.close_history(),
    )  # fmt: skip


def sort_header(state: Any, title: str, key: str, numeric: bool = False) -> rx.Component:
    arrow = rx.cond(
        state.sort == key,
        rx.cond(state.descending, rx.icon("arrow-down", size=12), rx.icon("arrow-up", size=12)),
        rx.fragment(),
    )
    return rx.table.column_header_cell(
        rx.hstack(rx.text(title), arrow, spacing="1", align="center",
                  justify="end" if numeric else "start", cursor="pointer",
                  on_click=state.sort_by(key), aria_label=f"Sort by {title}"),
        style=NUMERIC if numeric else {},
    )  # fmt: skip


def filters_bar(state: Any, in_batch: bool) -> rx.Component:
    batch_filter = named_select(
        state.batch_names, "Batch filter", value=state.batch_filter,
        on_change=lambda v: state.choose_filter("batch_filter", v),
    )  # fmt: skip
    return rx.form(
        rx.hstack(
            rx.input(name="search", placeholder="Search number, customer, batch",
                     default_value=state.search, width="200px"),
            named_select(STATUS_CHOICES, "Status filter", value=state.status_filter,
                         on_change=lambda v: state.choose_filter("status_filter", v)),
            rx.input(name="customer", placeholder="Customer", aria_label="Customer filter",
                     default_value=state.customer, width="140px"),
            *([] if in_batch else [batch_filter]),
            rx.input(name="since", type="date", aria_label="Created from", width="128px",
                     title="Created from"),
            rx.input(name="until", type="date", aria_label="Created to", width="128px",
                     title="Created to"),
            rx.button("Filter", type="submit", variant="soft"),
            spacing="2", wrap="wrap", align="center",
        ),
        on_submit=state.apply_filters, reset_on_submit=False, margin_bottom="12px",
    )  # fmt: skip


def invoice_table(state: Any, in_batch: bool = False) -> rx.Component:
    columns = [(t, k) for t, k in COLUMNS if not (in_batch and k == "batch")]
    head = rx.table.row(
        *[sort_header(state, title, key) for title, key in columns],
        *[sort_header(state, title, key, numeric=True) for title, key in MONEY_COLUMNS],
    )
    body = rx.foreach(state.rows, lambda row: invoice_row(state, row, in_batch))
    return rx.fragment(
        filters_bar(state, in_batch),
        rx.cond(
            state.rows.length() > 0,
            rx.fragment(
                rx.table.root(
                    rx.table.header(head),
                    rx.table.body(body),
                    variant="surface", width="100%", data_testid="invoices-table",
                ),
                pager(state, "invoice", "invoices"),
            ),
            empty_state("No invoices match these filters."),
        ),
        confirm_issue(state),
        history_dialog(state),
    )  # fmt: skip
