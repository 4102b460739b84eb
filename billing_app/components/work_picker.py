"""The dialog that adds the customer's unbilled time and expenses to a Draft."""

from __future__ import annotations

import reflex as rx

from billing_app.components.tables import NUMERIC
from billing_app.state.invoice_work import InvoiceWorkState, WorkView


def work_row(item: WorkView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=InvoiceWorkState.chosen.contains(item["key"]),
                on_change=lambda checked: InvoiceWorkState.choose(item["key"], checked),
                disabled=item["blocked"] != "", aria_label="Add " + item["description"],
            )
        ),
        rx.table.cell(item["day"], white_space="nowrap"),
        rx.table.cell(rx.badge(item["kind"], variant="soft", color_scheme="gray")),
        rx.table.cell(
            rx.text(item["description"], size="2"),
            rx.cond(item["blocked"] != "",
                    rx.text(item["blocked"], size="1", color=rx.color("amber", 11))),
        ),
        rx.table.cell(item["quantity"], style=NUMERIC),
        data_testid="work-row",
    )  # fmt: skip


def work_picker() -> rx.Component:
    table = rx.table.root(
        rx.table.header(rx.table.row(
            rx.table.column_header_cell(""), rx.table.column_header_cell("Date"),
            rx.table.column_header_cell("Kind"), rx.table.column_header_cell("Work"),
            rx.table.column_header_cell("Hours / amount", style=NUMERIC),
        )),
        rx.table.body(rx.foreach(InvoiceWorkState.work, work_row)),
        size="1", width="100%",
    )  # fmt: skip
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(rx.icon("clock", size=16), "Add unbilled work", variant="soft",
                      on_click=InvoiceWorkState.open_picker)
        ),
        rx.dialog.content(
            rx.dialog.title("Unbilled work of this customer"),
            rx.dialog.description(
                "Billable time and expenses no invoice holds yet. Added work is locked to this "
                "invoice until it is removed or the invoice deleted.", size="2",
            ),
            rx.cond(
                InvoiceWorkState.work.length() > 0,
                rx.scroll_area(table, max_height="50vh", margin_top="12px"),
                rx.center(rx.text("Nothing unbilled: all of this customer's work is invoiced.",
                                  color=rx.color("gray", 10)), padding="32px"),
            ),
            rx.flex(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button("Add ", InvoiceWorkState.chosen.length(), " selected",
                          on_click=InvoiceWorkState.add_chosen, loading=InvoiceWorkState.adding,
                          disabled=InvoiceWorkState.chosen.length() == 0),
                spacing="3", justify="end", margin_top="16px",
            ),
            max_width="760px",
        ),
        open=InvoiceWorkState.picking,
        on_open_change=InvoiceWorkState.close_picker,
    )  # fmt: skip
