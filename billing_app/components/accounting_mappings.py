"""Admin > Accounting: each connected provider's Mappings form, and the export log under it."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.export_log import export_log_table
from billing_app.components.forms import field_error, form_field, hint
from billing_app.domain.accounting import Provider
from billing_app.state.accounting_mappings import NONE, AccountingMappingsState

S = AccountingMappingsState
Form = rx.Var[dict[str, Any]]


def choice_select(label: Any, name: Any, value: Any, options: Any) -> rx.Component:
    """A select sent with the form; "—" stands for nothing mapped."""
    return rx.select.root(
        rx.select.trigger(aria_label=label, width="100%"),
        rx.select.content(
            rx.select.item("— not mapped —", value=NONE),
            rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"])),
        ),
        name=name,
        default_value=value,
    )


def error_of(form: Form, field: Any) -> Any:
    return S.errors.get(form["provider"] + ":" + field, "")


def mapped_rows(form: Form, rows: Any, choices: str, title: str, note: str) -> rx.Component:
    """Our tax rates or products, one line each: ours on the left, the provider's on the right."""

    def line(row: rx.Var[dict[str, Any]]) -> rx.Component:
        return rx.grid(
            rx.text(row["label"], size="2", padding_top="6px"),
            rx.vstack(choice_select(row["label"], row["field"], row["value"], form[choices]),
                      field_error(error_of(form, row["field"])), spacing="1", width="100%"),
            columns="minmax(160px, 1fr) 2fr", spacing="3", width="100%",
        )  # fmt: skip

    return rx.vstack(
        rx.heading(title, size="3"), hint(note), rx.foreach(rows, line), spacing="2", width="100%"
    )


def check_option(name: str, checked: Any, *text: Any) -> rx.Component:
    return rx.el.label(
        rx.hstack(rx.checkbox(name=name, default_checked=checked), rx.text(*text, size="2"),
                  spacing="2", align="center")
    )  # fmt: skip


def options(form: Form) -> rx.Component:
    return rx.vstack(
        rx.heading("Options", size="3"),
        rx.cond(
            form["is_xero"],
            form_field("Export invoices as", rx.select.root(
                rx.select.trigger(aria_label="Export invoices as", width="240px"),
                rx.select.content(rx.select.item("Authorised (ready to pay)", value="AUTHORISED"),
                                  rx.select.item("Draft (approve in Xero)", value="DRAFT")),
                name="xero_status", default_value=form["xero_status"],
            )),
        ),
        check_option("use_our_number", form["use_our_number"],
                     "Send our invoice numbers (off: ", form["label"], " numbers them)"),
        check_option("auto_export", form["auto_export"],
                     "Export a batch's invoices automatically when it is saved"),
        spacing="3", width="100%",
    )  # fmt: skip


def mappings_form(provider: str) -> rx.Component:
    """Not in a foreach: a form there has no id to submit with."""
    form = S.forms[provider]
    sales_label = rx.cond(form["is_xero"], "Sales account", "Sales item")
    return rx.card(
        rx.vstack(
            rx.heading(form["label"] + " mappings", size="4"),
            rx.cond(
                form["error"] != "",
                rx.callout(form["error"], icon="triangle-alert", color_scheme="red"),
                rx.form(
                    rx.vstack(
                        rx.grid(
                            form_field(sales_label, choice_select(
                                sales_label, "sales_account", form["sales_account"],
                                form["sales_choices"]), error_of(form, "sales_account")),
                            form_field("Payment account", choice_select(
                                "Payment account", "payment_account", form["payment_account"],
                                form["payment_choices"]), error_of(form, "payment_account")),
                            columns="2", spacing="4", width="100%",
                        ),
                        mapped_rows(form, form["taxes"], "tax_choices", "Tax rates",
                                    "Every named rate needs its tax code to export."),
                        rx.cond(form["items"].length() > 0, mapped_rows(
                            form, form["items"], "item_choices", "Products → items",
                            "Optional: lines of these products go out as the item chosen.")),
                        options(form),
                        rx.button("Save mappings", type="submit", loading=S.saving == provider),
                        spacing="5", width="100%", align="start",
                    ),
                    on_submit=lambda data: S.save(provider, data),
                    reset_on_submit=False, width="100%", id=f"mappings-{provider}",
                ),
            ),
            spacing="4", width="100%",
        ),
        size="3", width="100%", data_testid=f"{provider}-mappings",
    )  # fmt: skip


def accounting_mappings() -> rx.Component:
    """Mounted by the page; loads itself."""
    return rx.vstack(
        rx.cond(
            S.loading,
            rx.spinner(),
            rx.fragment(
                *[rx.cond(S.forms.contains(p.value), mappings_form(p.value)) for p in Provider]
            ),
        ),
        export_log_table(),
        spacing="5",
        width="100%",
        margin_top="16px",
        on_mount=S.load,
    )
