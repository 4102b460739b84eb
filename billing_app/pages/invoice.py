from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.feedback import error_callout
from billing_app.components.forms import form_field, named_select
from billing_app.components.invoice_export import export_invoice_menu
from billing_app.components.invoice_links import accounting_card
from billing_app.components.invoice_sending import send_invoice_button
from billing_app.components.layout import layout, page_header
from billing_app.components.live import live_updates
from billing_app.components.status_change import confirm_issue, status_select
from billing_app.components.tables import NUMERIC, loading_or
from billing_app.components.tax_rate_select import tax_rate_select
from billing_app.components.work_picker import work_picker
from billing_app.state.base import AppState
from billing_app.state.invoice import InvoiceState
from billing_app.state.invoice_views import FactView, LineView

CELL_INPUT = {"size": "1", "variant": "soft"}
# what the user may do here; the server checks again
EDITABLE = InvoiceState.draft & AppState.may_change_billing
PAYABLE = ~InvoiceState.draft & (InvoiceState.status != "Refunded") & AppState.may_change_billing


def number_input(line: LineView, field: str, label: str, width: str) -> rx.Component:
    """Text, not type=number: no spinner eating the digits, and a typo reaches the server,
    which says what is wrong instead of the browser silently dropping it."""
    return rx.input(
        default_value=line[field], key=f"{line['id']}-{field}-{InvoiceState.revision}",
        input_mode="decimal", aria_label=label, width=width, text_align="right",
        disabled=~EDITABLE,
        on_blur=lambda value: InvoiceState.change_line(line["id"], field, value),
        **CELL_INPUT,
    )  # fmt: skip


def group_row(line: LineView) -> rx.Component:
    return rx.cond(
        line["group"] != "",
        rx.table.row(
            rx.table.cell(rx.text(line["group"], size="2", weight="bold"), col_span=7,
                          background=rx.color("gray", 2)),
            data_testid="line-group",
        ),
    )  # fmt: skip


def line_row(line: LineView) -> rx.Component:
    return rx.fragment(group_row(line), rx.table.row(
        rx.table.cell(
            rx.input(
                default_value=line["description"], key=f"{line['id']}-d-{InvoiceState.revision}",
                aria_label="Description", width="100%", min_width="240px",
                disabled=~EDITABLE,
                on_blur=lambda v: InvoiceState.change_line(line["id"], "description", v),
                **CELL_INPUT,
            )
        ),
        rx.table.cell(number_input(line, "quantity", "Quantity", "72px")),
        rx.table.cell(number_input(line, "unit_price", "Unit price", "110px")),
        rx.table.cell(number_input(line, "discount", "Discount", "90px")),
        rx.table.cell(
            tax_rate_select(InvoiceState.named_taxes, "Tax rate", custom=line["tax_custom"],
                            custom_value=line["tax_rate"], value=line["tax_rate"],
                            on_change=lambda v: InvoiceState.change_line(line["id"], "tax_rate", v),
                            disabled=~EDITABLE, width="150px", **CELL_INPUT)
        ),
        rx.table.cell(line["net"], style=NUMERIC),
        rx.table.cell(
            rx.cond(
                EDITABLE,
                rx.hstack(
                    rx.icon_button(rx.icon("arrow-up", size=14), size="1", variant="ghost",
                                   aria_label="Move up", disabled=line["up"] < 0,
                                   on_click=InvoiceState.move(line["id"], line["up"])),
                    rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="ghost",
                                   color_scheme="red", aria_label="Remove line",
                                   on_click=InvoiceState.remove(line["id"])),
                    spacing="1",
                ),
            )
        ),
        data_testid="line-row",
    ))  # fmt: skip


def lines_table() -> rx.Component:
    head = ["Description", "Qty", "Unit price", "Discount", "Tax rate"]
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(h) for h in head],
                rx.table.column_header_cell("Net", style=NUMERIC),
                rx.table.column_header_cell(""),
            )
        ),
        rx.table.body(
            rx.foreach(InvoiceState.lines, line_row),
            rx.cond(
                InvoiceState.lines.length() == 0,
                rx.table.row(
                    rx.table.cell(
                        "No lines yet: add a custom line, a product or unbilled work below.",
                        col_span=7,
                        color=rx.color("gray", 10),
                        text_align="center",
                        padding="24px",
                    )
                ),
            ),
        ),
        variant="surface",
        width="100%",
        data_testid="lines-table",
    )


def add_forms() -> rx.Component:
    def row(*children: rx.Component, columns: str) -> rx.Component:
        return rx.box(*children, display="grid", grid_template_columns=columns, gap="8px",
                      align_items="end", width="100%")  # fmt: skip

    return rx.card(
        rx.vstack(
            rx.text("Add to this invoice", weight="bold", size="2"),
            rx.form(
                row(
                    form_field("Custom line", rx.input(name="description", width="100%",
                                                       placeholder="Description")),
                    form_field("Qty", rx.input(name="quantity", input_mode="decimal",
                                               default_value="1", text_align="right")),
                    form_field("Unit price", rx.input(name="unit_price", input_mode="decimal",
                                                      placeholder="0.00", text_align="right")),
                    form_field("Tax rate", tax_rate_select(
                        InvoiceState.tax_choices, "Tax rate", name="tax_rate",
                        default_value=InvoiceState.default_tax, key=InvoiceState.default_tax)),
                    rx.button("Add line", type="submit", variant="soft"),
                    columns="minmax(220px, 1fr) 80px 120px 170px 110px",
                ),
                on_submit=InvoiceState.add_custom, reset_on_submit=True, width="100%",
            ),
            rx.form(
                row(
                    form_field("Product", named_select(InvoiceState.products, "Product",
                                                       name="product", width="100%",
                                                       placeholder="Choose a product")),
                    form_field("Qty", rx.input(name="quantity", input_mode="decimal",
                                               default_value="1", text_align="right")),
                    rx.button("Add product", type="submit", variant="soft"),
                    columns="minmax(220px, 1fr) 80px 110px",
                ),
                on_submit=InvoiceState.add_product, reset_on_submit=True, width="100%",
            ),
            work_picker(),
            spacing="3", width="100%",
        ),
        width="100%",
    )  # fmt: skip


def fact_line(fact: FactView) -> rx.Component:
    return rx.hstack(
        rx.text(fact["label"], size="2", color=rx.color("gray", 11)),
        rx.spacer(),
        rx.text(fact["value"], size="2", weight="medium", style=NUMERIC),
        width="100%",
    )


def side_panel() -> rx.Component:
    return rx.grid(
        rx.card(rx.vstack(rx.foreach(InvoiceState.totals, fact_line), spacing="2"),
                width="100%", data_testid="totals"),
        rx.card(
            rx.text("Tax by rate", weight="bold", size="2"),
            rx.vstack(rx.foreach(InvoiceState.tax_summary, fact_line), spacing="1"),
            width="100%",
        ),
        rx.card(
            rx.text("Payments", weight="bold", size="2"),
            rx.cond(InvoiceState.payments.length() > 0,
                    rx.vstack(rx.foreach(InvoiceState.payments, fact_line), spacing="1"),
                    rx.text("None yet.", size="2", color=rx.color("gray", 10))),
            rx.cond(
                PAYABLE,
                rx.form(
                    rx.vstack(
                        rx.hstack(rx.input(name="amount", type="number", step="0.01",
                                           placeholder="Amount", aria_label="Amount"),
                                  rx.input(name="received_on", type="date", aria_label="Date")),
                        rx.hstack(rx.input(name="method", placeholder="Method"),
                                  rx.input(name="reference", placeholder="Reference")),
                        rx.hstack(rx.button("Record payment", type="submit", size="1"),
                                  rx.cond(InvoiceState.status == "Paid",
                                          rx.button("Refund", size="1", color_scheme="red",
                                                    variant="soft", type="button",
                                                    on_click=InvoiceState.refund))),
                        spacing="2",
                    ),
                    on_submit=InvoiceState.pay, reset_on_submit=True, margin_top="8px",
                ),
            ),
            width="100%",
        ),
        columns="3", spacing="4", width="100%",
    )  # fmt: skip


def content() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.hstack(
                rx.foreach(
                    InvoiceState.facts,
                    lambda f: rx.vstack(
                        rx.text(f["label"], size="1", color=rx.color("gray", 10)),
                        rx.text(f["value"], size="2", weight="medium"),
                        spacing="1",
                    ),
                ),
                spacing="6",
                wrap="wrap",
            ),
            width="100%",
        ),
        rx.cond(
            ~InvoiceState.draft,
            rx.callout(
                InvoiceState.title + " is " + InvoiceState.status + ": its lines are frozen. "
                "Corrections go through a credit note.",
                icon="lock",
                color_scheme="gray",
                width="100%",
            ),
        ),
        accounting_card(),
        lines_table(),
        rx.cond(EDITABLE, add_forms()),
        side_panel(),
        spacing="4",
        width="100%",
    )


def invoice() -> rx.Component:
    return layout(
        routes.BILLING,
        live_updates(InvoiceState.tick),
        page_header(
            InvoiceState.title,
            "Lines, totals and payments of one invoice.",
            action=rx.hstack(
                status_select(InvoiceState, InvoiceState.invoice_id, InvoiceState.status, "2"),
                send_invoice_button(),
                export_invoice_menu(),
                rx.button(
                    rx.icon("file-down", size=16),
                    "Download PDF",
                    variant="soft",
                    loading=InvoiceState.rendering_pdf,
                    on_click=InvoiceState.download_pdf,
                ),
                rx.link(
                    rx.button("Back to Billing", variant="soft", color_scheme="gray"),
                    href=routes.BILLING,
                ),
                spacing="3",
                align="center",
            ),
        ),
        error_callout(InvoiceState.error),
        loading_or(InvoiceState.loading, content()),
        confirm_issue(InvoiceState),
    )
