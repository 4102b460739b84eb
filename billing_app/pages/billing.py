from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.feedback import error_callout
from billing_app.components.forms import named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.live import live_updates
from billing_app.components.tables import NUMERIC, empty_state, loading_or, pager
from billing_app.state.audit import AuditView
from billing_app.state.billing import (
    ALL_STATUSES,
    STATUS_LABELS,
    BatchView,
    BillingState,
    InvoiceView,
)

STATUS_CHOICES = [ALL_STATUSES, *STATUS_LABELS]


def status_select(row: InvoiceView) -> rx.Component:
    return named_select(
        STATUS_LABELS,
        "Status",
        value=row["status"],
        on_change=lambda target: BillingState.request_status(row["id"], row["status"], target),
        size="1",
    )


def invoice_row(row: InvoiceView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.hstack(
                rx.link(row["number"], href=f"/billing/invoices/{row['id']}"),
                rx.icon_button(
                    rx.icon("history", size=14),
                    size="1",
                    variant="ghost",
                    color_scheme="gray",
                    aria_label="History",
                    on_click=BillingState.open_history(row["id"], row["number"]),
                ),
                align="center",
                spacing="2",
            ),
            white_space="nowrap",
        ),
        rx.table.cell(row["created"], white_space="nowrap"),
        rx.table.cell(row["customer"]),
        rx.table.cell(row["batch"]),
        rx.table.cell(status_select(row)),
        rx.table.cell(row["total"], style=NUMERIC),
        rx.table.cell(row["balance"], style=NUMERIC),
        data_testid="invoice-row",
    )


def confirm_issue() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Issue this invoice?"),
            rx.alert_dialog.description(
                "Leaving Draft gives the invoice its number and freezes its lines and amounts. "
                "Corrections afterwards need a credit note.",
                size="2",
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        "Keep as Draft",
                        variant="soft",
                        color_scheme="gray",
                        on_click=BillingState.cancel_issue,
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        "Issue as ",
                        BillingState.pending_status,
                        on_click=BillingState.confirm_issue,
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
        ),
        open=BillingState.pending_id != 0,
    )


def history_entry(entry: AuditView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(entry["at"], white_space="nowrap"),
        rx.table.cell(entry["actor"]),
        rx.table.cell(entry["action"]),
        rx.table.cell(entry["change"]),
        rx.table.cell(rx.badge(entry["via"], variant="soft", color_scheme="gray")),
    )


def history_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("History of ", BillingState.history_of),
            rx.cond(
                BillingState.history.length() > 0,
                rx.table.root(
                    rx.table.body(rx.foreach(BillingState.history, history_entry)),
                    size="1",
                    width="100%",
                ),
                rx.text("Nothing has happened to this invoice yet.", color=rx.color("gray", 10)),
            ),
            rx.flex(
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                justify="end",
                margin_top="16px",
            ),
            max_width="720px",
        ),
        open=BillingState.history_of != "",
        on_open_change=lambda _: BillingState.close_history(),
    )


def sort_header(title: str, key: str, numeric: bool = False) -> rx.Component:
    arrow = rx.cond(
        BillingState.sort == key,
        rx.cond(
            BillingState.descending, rx.icon("arrow-down", size=12), rx.icon("arrow-up", size=12)
        ),
        rx.fragment(),
    )
    return rx.table.column_header_cell(
        rx.hstack(rx.text(title), arrow, spacing="1", align="center",
                  justify="end" if numeric else "start", cursor="pointer",
                  on_click=BillingState.sort_by(key), aria_label=f"Sort by {title}"),
        style=NUMERIC if numeric else {},
    )  # fmt: skip


def filters_bar() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="search", placeholder="Search number, customer, batch",
                     default_value=BillingState.search, width="240px"),
            named_select(STATUS_CHOICES, "Status filter", value=BillingState.status_filter,
                         on_change=lambda v: BillingState.choose_filter("status_filter", v)),
            named_select(BillingState.customer_names, "Customer filter",
                         value=BillingState.customer_filter,
                         on_change=lambda v: BillingState.choose_filter("customer_filter", v)),
            named_select(BillingState.batch_names, "Batch filter", value=BillingState.batch_filter,
                         on_change=lambda v: BillingState.choose_filter("batch_filter", v)),
            rx.input(name="since", type="date", aria_label="Created from"),
            rx.input(name="until", type="date", aria_label="Created to"),
            rx.button("Filter", type="submit", variant="soft"),
            spacing="2", wrap="wrap", align="center",
        ),
        on_submit=BillingState.apply_filters, reset_on_submit=False, margin_bottom="12px",
    )  # fmt: skip


def invoices_table() -> rx.Component:
    return rx.fragment(
        filters_bar(),
        rx.cond(
            BillingState.rows.length() > 0,
            rx.fragment(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            sort_header("Number", "number"),
                            sort_header("Created", "created"),
                            sort_header("Customer", "customer"),
                            sort_header("Batch", "batch"),
                            sort_header("Status", "status"),
                            sort_header("Total", "total", numeric=True),
                            sort_header("Balance due", "balance", numeric=True),
                        )
                    ),
                    rx.table.body(rx.foreach(BillingState.rows, invoice_row)),
                    variant="surface",
                    width="100%",
                    data_testid="invoices-table",
                ),
                pager("invoices", BillingState.total, BillingState.page, BillingState.pages,
                      BillingState.turn_page),
            ),
            empty_state("No invoices match these filters."),
        ),
    )  # fmt: skip


def batch_row(row: BatchView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row["name"], href=f"/billing/batches/{row['id']}")),
        rx.table.cell(row["period"], white_space="nowrap"),
        rx.table.cell(row["created"], white_space="nowrap"),
        rx.table.cell(row["invoices"], style=NUMERIC),
        rx.table.cell(row["totals"], style=NUMERIC),
        rx.table.cell(row["statuses"]),
        data_testid="batch-row",
    )


def batches_table() -> rx.Component:
    return rx.cond(
        BillingState.batches.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Batch"),
                    rx.table.column_header_cell("Period"),
                    rx.table.column_header_cell("Created"),
                    rx.table.column_header_cell("Invoices", style=NUMERIC),
                    rx.table.column_header_cell("Total", style=NUMERIC),
                    rx.table.column_header_cell("By status"),
                )
            ),
            rx.table.body(rx.foreach(BillingState.batches, batch_row)),
            variant="surface",
            width="100%",
            data_testid="batches-table",
        ),
        empty_state("No batches yet: create one for last month with New batch."),
    )


def billing() -> rx.Component:
    return layout(
        routes.BILLING,
        live_updates(BillingState.tick),
        page_header(
            "Billing",
            "Invoice batches, invoices and their status.",
            action=rx.link(rx.button(rx.icon("plus", size=16), "New batch"), href=routes.NEW_BATCH),
        ),
        error_callout(BillingState.error),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Invoices", value="invoices"),
                rx.tabs.trigger("Invoice batches", value="batches"),
                margin_bottom="16px",
            ),
            rx.tabs.content(loading_or(BillingState.loading, invoices_table()), value="invoices"),
            rx.tabs.content(loading_or(BillingState.loading, batches_table()), value="batches"),
            default_value="invoices",
            width="100%",
        ),
        confirm_issue(),
        history_dialog(),
    )
