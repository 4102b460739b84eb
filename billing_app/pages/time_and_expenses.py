from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.csv_import import import_button, import_dialog
from billing_app.components.layout import layout, page_header
from billing_app.pages.expenses_panel import expenses_panel
from billing_app.pages.time_entries_panel import time_entries_panel
from billing_app.state.csv_import import ImportKind


def time_and_expenses() -> rx.Component:
    return layout(
        routes.TIME_AND_EXPENSES,
        page_header(
            "Time & Expenses",
            "Work logged by technicians and costs to pass on; billed rows are locked.",
        ),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger("Time entries", value="time"),
                rx.tabs.trigger("Expenses", value="expenses"),
                margin_bottom="16px",
            ),
            rx.tabs.content(
                time_entries_panel(import_button(ImportKind.TIME_ENTRIES)), value="time"
            ),
            rx.tabs.content(expenses_panel(import_button(ImportKind.EXPENSES)), value="expenses"),
            default_value="time",
        ),
        import_dialog(),
    )
