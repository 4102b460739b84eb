"""The Expenses tab of the Time & Expenses page."""

from __future__ import annotations

from functools import partial

import reflex as rx

from billing_app.components.tables import (
    NUMERIC,
    paged_table,
    two_lines,
)
from billing_app.components.work_editor import (
    billable_badge,
    billable_box,
    editor_dialog,
    row_action,
    work_field,
    work_panel,
)
from billing_app.state.expenses import ExpensesState, ExpenseView

S = ExpensesState


field = partial(work_field, S)


def editor() -> rx.Component:
    return editor_dialog(
        S,
        "expense",
        rx.hstack(
            field("Ticket number", "ticket", "Optional"),
            field("Date", "spent_on", type="date"),
            width="100%",
        ),
        field("Description", "description", placeholder="Replacement cable kit"),
        rx.hstack(
            field(
                "Amount", "amount", "In the customer's currency, like 1234.50", input_mode="decimal"
            ),
            field("Markup %", "markup_percent", "Optional, 0 to 1000"),
            billable_box(S),
            width="100%",
            align="start",
        ),
    )


def expense_row(row: ExpenseView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["day"], white_space="nowrap"),
        rx.table.cell(row["customer"]),
        rx.table.cell(two_lines(row["ticket"], row["contract"])),
        rx.table.cell(row["description"]),
        rx.table.cell(row["amount"], style=NUMERIC),
        rx.table.cell(row["markup"], style=NUMERIC),
        rx.table.cell(billable_badge(row["billable"])),
        rx.table.cell(row_action(S, row, "Edit expense")),
        data_testid="expense-row",
    )


def expenses_table() -> rx.Component:
    columns = ("Date", "Customer", "Ticket / contract", "Description", "Amount", "Markup",
               "Billable", "Billed in")  # fmt: skip
    return paged_table(S, columns, expense_row, numeric={"Amount", "Markup"},
                       test_id="expenses-table", one="expense", many="expenses",
                       empty="No expenses match.")  # fmt: skip


def expenses_panel(*actions: rx.Component) -> rx.Component:
    return work_panel(
        S, "Search customer or description", "expense", expenses_table(), editor(), *actions
    )
