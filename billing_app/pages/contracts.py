from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.forms import named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import (
    list_body,
    new_button,
    paged_table,
    search_form,
)
from billing_app.pages.contract_editor import contract_editor
from billing_app.state.contract_views import ALL_TYPES, TYPE_LABELS, ContractView
from billing_app.state.contracts import ContractsState


def actions(row: ContractView) -> rx.Component:
    return rx.cond(
        ContractsState.may_change,
        rx.hstack(
            rx.button("Edit", size="1", variant="soft",
                      on_click=ContractsState.open_editor(row["id"], row["customer"])),
            rx.button(rx.cond(row["active"], "Deactivate", "Reactivate"), size="1",
                      variant="ghost", color_scheme=rx.cond(row["active"], "gray", "green"),
                      on_click=ContractsState.set_active(row["id"], ~row["active"])),
            spacing="2", align="center",
        ),
    )  # fmt: skip


def contract_row(row: ContractView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["name"]),
        rx.table.cell(row["customer"]),
        rx.table.cell(row["type"]),
        rx.table.cell(row["rhythm"], white_space="nowrap"),
        rx.table.cell(row["terms"], font_variant_numeric="tabular-nums", min_width="220px"),
        rx.table.cell(row["dates"], white_space="nowrap"),
        rx.table.cell(rx.cond(row["active"], rx.badge("active", color_scheme="green",
                                                      variant="soft"),
                              rx.badge("inactive", color_scheme="gray", variant="soft"))),
        rx.table.cell(actions(row)),
        data_testid="contract-row",
        opacity=rx.cond(row["active"], "1", "0.6"),
    )  # fmt: skip


def contracts_table() -> rx.Component:
    columns = ("Contract", "Customer", "Type", "Billed", "Terms", "Runs", "Status", "")
    return paged_table(ContractsState, columns, contract_row, test_id="contracts-table",
                       one="contract", many="contracts", empty="No contracts match.")  # fmt: skip


def contracts() -> rx.Component:
    return layout(
        routes.CONTRACTS,
        page_header(
            "Contracts",
            "How each customer is billed: the type of contract and its terms.",
            action=new_button(
                "contract", ContractsState.open_editor(0, ""), ContractsState.may_change
            ),
        ),
        search_form(
            ContractsState,
            "Search contract or customer",
            named_select(
                [ALL_TYPES, *TYPE_LABELS],
                "Type filter",
                value=ContractsState.type_filter,
                on_change=ContractsState.choose_type_filter,
            ),
        ),
        list_body(ContractsState, contracts_table(), contract_editor()),
    )
