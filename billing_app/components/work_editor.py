"""The new/edit dialog of tickets, time entries and expenses: customer and contract pickers
(the contracts of the chosen customer), the page's fields, and a message next to each."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.forms import bound_input, field_error, form_field, named_select
from billing_app.components.tables import list_body, lock_badge, new_button, search_form
from billing_app.state.base import AppState


def pickers(state: Any) -> rx.Component:
    """`state` is a page state with the WorkEditorState mixin."""
    return rx.hstack(
        form_field(
            "Customer",
            named_select(
                state.customer_options,
                "Customer",
                value=state.chosen_customer,
                on_change=state.choose_customer,
                placeholder="Choose a customer",
                width="100%",
            ),
            state.field_errors.get("customer", ""),
        ),
        form_field(
            "Contract",
            named_select(
                state.contract_options,
                "Contract",
                value=state.chosen_contract,
                on_change=state.choose_contract,
                width="100%",
            ),
            state.field_errors.get("contract", ""),
        ),
        width="100%",
    )


def editor_dialog(state: Any, noun: str, *fields: rx.Component) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(state.editing == 0, f"New {noun}", f"Edit {noun}")),
            rx.form(
                rx.vstack(
                    pickers(state),
                    *fields,
                    field_error(state.field_errors.get("form", "")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.button(f"Save {noun}", type="submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=state.save,
                reset_on_submit=False,
                key=state.editing,
            ),
            max_width="640px",
        ),
        open=state.editing >= 0,
        on_open_change=state.close_editor,
    )


def billable_box(state: Any) -> rx.Component:
    return rx.vstack(
        rx.checkbox("Billable", checked=state.billable, on_change=state.set_billable),
        field_error(state.field_errors.get("billable", "")),
        spacing="1",
    )


def edit_button(state: Any, row_id: rx.Var[int], label: str) -> rx.Component:
    return rx.button(
        "Edit", size="1", variant="soft", aria_label=label, on_click=state.open_editor(row_id)
    )


def billable_badge(billable: rx.Var[bool]) -> rx.Component:
    return rx.cond(
        billable,
        rx.icon("check", size=16, color=rx.color("green", 10), aria_label="billable"),
        rx.badge("not billable", color_scheme="gray", variant="soft"),
    )


def row_action(state: Any, row: Any, label: str) -> rx.Component:
    """The lock of a billed row, else Edit for whoever may change it."""
    editable = rx.cond(row["editable"], edit_button(state, row["id"], label), rx.fragment())
    return lock_badge(row["billed_in"], editable)


def work_field(state: Any, label: str, name: str, hint: str = "", **props: object) -> rx.Component:
    return bound_input(label, name, state.form, state.field_errors, hint, **props)


def work_panel(state: Any, search: str, noun: str, table: rx.Component, editor: rx.Component,
               *actions: rx.Component) -> rx.Component:  # fmt: skip
    """One tab of the Time & Expenses page: search, its actions, the list and the dialog."""
    return rx.box(
        rx.hstack(
            search_form(state, search),
            rx.spacer(),
            rx.cond(
                AppState.may_log_work,
                rx.hstack(*actions, new_button(noun, state.open_editor(0), AppState.may_log_work)),
            ),
            width="100%",
            align="start",
        ),
        list_body(state, table, editor),
    )
