from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.feedback import error_callout
from billing_app.components.invoice_table import invoice_table
from billing_app.components.layout import layout, page_header
from billing_app.components.live import live_updates
from billing_app.components.tables import NUMERIC, empty_state, loading_or
from billing_app.state.base import AppState
from billing_app.state.billing import BatchView, BillingState


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
            action=rx.cond(
                AppState.may_change_billing,
                rx.hstack(
                    rx.cond(
                        BillingState.can_sync,
                        rx.button(
                            rx.icon("refresh-cw", size=16),
                            rx.cond(BillingState.syncing, "Syncing…", "Sync payments"),
                            on_click=BillingState.sync_payments,
                            disabled=BillingState.syncing,
                            variant="soft",
                            data_testid="sync-payments",
                        ),
                    ),
                    rx.link(
                        rx.button(rx.icon("file-plus", size=16), "New invoice", variant="soft"),
                        href=routes.NEW_INVOICE,
                    ),
                    rx.link(
                        rx.button(rx.icon("plus", size=16), "New batch"), href=routes.NEW_BATCH
                    ),
                    spacing="3",
                ),
            ),
        ),
        error_callout(BillingState.error),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Invoices", value="invoices"),
                rx.tabs.trigger("Invoice batches", value="batches"),
                margin_bottom="16px",
            ),
            rx.tabs.content(
                loading_or(BillingState.loading, invoice_table(BillingState)), value="invoices"
            ),
            rx.tabs.content(loading_or(BillingState.loading, batches_table()), value="batches"),
            default_value="invoices",
            width="100%",
        ),
    )
