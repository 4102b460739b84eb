"""The Expenses tab of the Time & Expenses page."""

from __future__ import annotations

import reflex as rx

from billing_app.components.feedback import error_callout
from billing_app.components.forms import bound_input
from billing_app.components.tables import (
    NUMERIC,
    empty_state,
    heading,
    loading_or,
    pager,
    search_form,
    two_lines,
)
from billing_app.components.work_editor import (
    billable_badge,
    billable_box,
    editor_dialog,
    row_action,
)
from billing_app.state.expenses import ExpensesState, ExpenseView

S = ExpensesState


def field(label: str, name: str, hint: str = "", **props: object) -> rx.Component:
    return bound_input(label, name, S.form, S.field_errors, hint, **props)


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
    return rx.cond(
        S.rows.length() > 0,
        rx.fragment(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            heading(h)
                            for h in ("Date", "Customer", "Ticket / contract", "Description")
                        ],
                        heading("Amount", numeric=True),
                        heading("Markup", numeric=True),
                        heading("Billable"),
                        heading("Billed in"),
                    )
                ),
                rx.table.body(rx.foreach(S.rows, expense_row)),
                variant="surface",
                width="100%",
                data_testid="expenses-table",
            ),
            pager(S, "expense", "expenses"),
        ),
        empty_state("No expenses match."),
    )


def expenses_panel(*actions: rx.Component) -> rx.Component:
    return rx.box(
        rx.hstack(
            search_form("Search customer or description", S.apply_search),
            rx.spacer(),
            *actions,
            rx.button(rx.icon("plus", size=16), "New expense", on_click=S.open_editor(0)),
            width="100%",
            align="start",
        ),
        error_callout(S.error),
        loading_or(S.loading, expenses_table()),
        editor(),
    )
