from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.feedback import error_callout
from billing_app.components.forms import form_field, named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import NUMERIC
from billing_app.state.new_batch import PRESETS, ExceptionRow, NewBatchState, PreviewRow


def run_form() -> rx.Component:
    return rx.form(
        rx.grid(
            form_field("Name", rx.input(name="name", value=NewBatchState.name,
                                        on_change=NewBatchState.set_name, width="100%")),
            form_field("Period", named_select(PRESETS, "Period", value=NewBatchState.preset,
                                              on_change=NewBatchState.choose_preset)),
            form_field("From", rx.input(name="start", type="date", value=NewBatchState.start,
                                        on_change=NewBatchState.set_start)),
            form_field("To", rx.input(name="end", type="date", value=NewBatchState.end,
                                      on_change=NewBatchState.set_end)),
            form_field("Customers", named_select(NewBatchState.customers, "Customers",
                                                 name="customer", value=NewBatchState.customer,
                                                 on_change=NewBatchState.set_customer)),
            form_field("Contract types", named_select(NewBatchState.contract_types,
                                                      "Contract types", name="contract_type",
                                                      value=NewBatchState.contract_type,
                                                      on_change=NewBatchState.set_contract_type)),
            columns="3",
            spacing="4",
            width="100%",
        ),
        rx.hstack(
            rx.button("Preview", type="submit", loading=NewBatchState.working == "previewing"),
            justify="end",
            margin_top="16px",
        ),
        on_submit=NewBatchState.preview,
        reset_on_submit=False,
    )  # fmt: skip


def preview_row(row: PreviewRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["customer"]),
        rx.table.cell(row["contract"]),
        rx.table.cell(row["lines"], style=NUMERIC),
        rx.table.cell(row["net"], style=NUMERIC),
        rx.table.cell(row["tax"], style=NUMERIC),
        rx.table.cell(row["total"], style=NUMERIC),
    )


def exception_item(item: ExceptionRow) -> rx.Component:
    return rx.hstack(
        rx.badge(item["kind"], color_scheme="amber", variant="soft"),
        rx.text(item["message"], size="2", flex="1"),
        rx.link(
            rx.hstack(
                rx.text("Open"), rx.icon("arrow-up-right", size=14), spacing="1", align="center"
            ),
            href=item["href"],
            size="2",
            white_space="nowrap",
        ),
        align="center",
        spacing="3",
        width="100%",
    )


def results() -> rx.Component:
    headers = ("Customer", "Contract")
    numeric = ("Lines", "Net", "Tax", "Total")
    return rx.vstack(
        rx.cond(
            NewBatchState.exceptions.length() > 0,
            rx.card(
                rx.heading("Look at these first", size="3", margin_bottom="8px"),
                rx.vstack(rx.foreach(NewBatchState.exceptions, exception_item), spacing="2"),
                width="100%",
                data_testid="exceptions",
            ),
        ),
        rx.cond(
            NewBatchState.rows.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(
                    *[rx.table.column_header_cell(h) for h in headers],
                    *[rx.table.column_header_cell(h, style=NUMERIC) for h in numeric],
                )),
                rx.table.body(rx.foreach(NewBatchState.rows, preview_row)),
                variant="surface", width="100%", data_testid="preview-table",
            ),
            rx.text("Nothing is left to bill in that period for those filters.",
                    color=rx.color("gray", 10)),
        ),
        error_callout(NewBatchState.save_error),
        rx.hstack(
            rx.text(NewBatchState.rows.length(), " Draft invoices will be created and their work "
                    "locked.", size="2", color=rx.color("gray", 11)),
            rx.spacer(),
            rx.button("Save batch", on_click=NewBatchState.save, size="3",
                      loading=NewBatchState.working == "saving",
                      disabled=NewBatchState.rows.length() == 0),
            width="100%",
            align="center",
        ),
        spacing="4",
        width="100%",
        margin_top="24px",
    )  # fmt: skip


def new_batch() -> rx.Component:
    return layout(
        routes.BILLING,
        page_header("New batch", "Choose the period and who to bill, preview, then save."),
        error_callout(NewBatchState.error),
        rx.card(run_form(), size="3", width="100%"),
        rx.cond(NewBatchState.previewed, results()),
    )
