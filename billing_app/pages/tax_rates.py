"""Admin > Tax rates: the named rates people pick on invoice lines, products and contracts."""

from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.admin_tabs import admin_tabs
from billing_app.components.feedback import error_callout
from billing_app.components.forms import bound_input, field_error
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import NUMERIC, empty_state, heading, loading_or
from billing_app.state.tax_rates import TaxRatesState, TaxRateView

S = TaxRatesState


def editor() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing == 0, "New tax rate", "Edit tax rate")),
            rx.dialog.description(
                "Lines, products and contracts keep the rate they were given: changing this "
                "one changes only what is picked from now on.",
                size="2", margin_bottom="16px",
            ),
            rx.form(
                rx.vstack(
                    rx.grid(
                        bound_input("Name", "name", S.form, S.field_errors,
                                    placeholder="VAT 20%"),
                        bound_input("Rate, %", "rate", S.form, S.field_errors,
                                    input_mode="decimal", placeholder="20"),
                        columns="2fr 1fr", spacing="3", width="100%",
                    ),
                    bound_input("Note (optional)", "note", S.form, S.field_errors,
                                "E.g. the law an exemption rests on.",
                                placeholder="Esente IVA art. 10 DPR 633/72"),
                    field_error(S.field_errors.get("form", "")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                  type="button")),
                        rx.button("Save tax rate", type="submit"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=S.save, reset_on_submit=False, key=S.editing,
            ),
            max_width="520px",
        ),
        open=S.editing >= 0,
        on_open_change=S.close_editor,
    )  # fmt: skip


def order_buttons(rate: TaxRateView) -> rx.Component:
    return rx.hstack(
        rx.icon_button(rx.icon("arrow-up", size=14), size="1", variant="ghost",
                       color_scheme="gray", aria_label="Move up", disabled=rate["first"],
                       on_click=S.move(rate["id"], -1)),
        rx.icon_button(rx.icon("arrow-down", size=14), size="1", variant="ghost",
                       color_scheme="gray", aria_label="Move down", disabled=rate["last"],
                       on_click=S.move(rate["id"], 1)),
        spacing="1",
    )  # fmt: skip


def status(rate: TaxRateView) -> rx.Component:
    return rx.cond(
        rate["is_default"],
        rx.badge("Default", color_scheme="green"),
        rx.cond(rate["archived"], rx.badge("Archived", color_scheme="gray"),
                rx.text("—", color=rx.color("gray", 9))),
    )  # fmt: skip


def actions(rate: TaxRateView) -> rx.Component:
    def button(label: str, on_click: object, **props: object) -> rx.Component:
        return rx.button(label, size="1", variant="soft", on_click=on_click, **props)

    return rx.hstack(
        button("Edit", S.open_editor(rate)),
        rx.cond(
            rate["archived"],
            button("Restore", S.restore(rate["id"]), color_scheme="green"),
            rx.cond(~rate["is_default"], rx.fragment(
                button("Make default", S.make_default(rate["id"])),
                button("Archive", S.archive(rate["id"]), color_scheme="gray"),
            )),
        ),
        spacing="2", justify="end",
    )  # fmt: skip


def rate_row(rate: TaxRateView) -> rx.Component:
    muted = rx.cond(rate["archived"], rx.color("gray", 10), rx.color("gray", 12))
    return rx.table.row(
        rx.table.cell(order_buttons(rate)),
        rx.table.row_header_cell(rx.text(rate["name"], weight="medium", color=muted)),
        rx.table.cell(rx.text(rate["rate"], color=muted), style=NUMERIC),
        rx.table.cell(status(rate)),
        rx.table.cell(rx.text(rx.cond(rate["note"] != "", rate["note"], "—"), size="2",
                              color=rx.color("gray", 11))),
        rx.table.cell(actions(rate)),
        align="center",
        data_testid="tax-rate-row",
    )  # fmt: skip


ORDER_HINT = (
    "Every tax select offers the rates in this order, and new lines, products and contracts "
    "start with the default. An archived rate is no longer offered; what already has it keeps it."
)


def rates_table() -> rx.Component:
    return rx.cond(
        S.rates.length() > 0,
        rx.vstack(
            rx.table.root(
                rx.table.header(rx.table.row(
                    heading(""), heading("Name"), heading("Rate", numeric=True),
                    heading("Status"), heading("Note"), heading(""),
                )),
                rx.table.body(rx.foreach(S.rates, rate_row)),
                variant="surface", width="100%", data_testid="tax-rates-table",
            ),
            rx.text(ORDER_HINT, size="2", color=rx.color("gray", 10)),
            spacing="3", width="100%",
        ),
        empty_state("No tax rates yet: add the rates your invoices use, e.g. VAT 20% and "
                    "Exempt."),
    )  # fmt: skip


def tax_rates() -> rx.Component:
    return layout(
        routes.ADMIN_TAX_RATES,
        page_header(
            "Admin",
            "The tax rates people pick on invoice lines, products and contracts.",
            action=rx.button(
                rx.icon("plus", size=16), "New tax rate", on_click=S.open_editor(None)
            ),
        ),
        admin_tabs(routes.ADMIN_TAX_RATES),
        error_callout(S.error),
        loading_or(S.loading, rates_table()),
        editor(),
    )
