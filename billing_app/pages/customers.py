from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.forms import field_error, form_field
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import (
    list_body,
    new_button,
    paged_table,
    search_form,
)
from billing_app.state.base import AppState
from billing_app.state.customers import CustomersState, CustomerView


def field(label: str, name: str, **props: object) -> rx.Component:
    return form_field(
        label,
        rx.input(name=name, default_value=CustomersState.form.get(name, ""), width="100%",
                 **props),
        CustomersState.field_errors.get(name, ""),
    )  # fmt: skip


def editor() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(CustomersState.editing == 0, "New customer", "Edit customer")),
            rx.form(
                rx.vstack(
                    field("Name", "name"),
                    field("Billing e-mails (comma-separated)", "billing_emails"),
                    rx.hstack(field("Street", "street"), field("City", "city"), width="100%"),
                    rx.hstack(
                        field("Postcode", "postcode"),
                        field("Country (two letters)", "country", max_length=2),
                        field("Currency (empty: the country's)", "currency", max_length=3),
                        width="100%",
                    ),
                    rx.hstack(
                        field("VAT id", "vat_id"),
                        field("Payment terms, days (empty: the account's)", "payment_terms_days"),
                        width="100%",
                    ),
                    rx.checkbox("Tax exempt (reverse charge, export)",
                                checked=CustomersState.exempt,
                                on_change=CustomersState.set_exempt),
                    field_error(CustomersState.field_errors.get("form", "")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.button("Save customer", type="submit"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=CustomersState.save, reset_on_submit=False, key=CustomersState.editing,
            ),
            max_width="640px",
        ),
        open=CustomersState.editing >= 0,
        on_open_change=CustomersState.close_editor,
    )  # fmt: skip


def customer_row(row: CustomerView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["name"]),
        rx.table.cell(rx.cond(row["emails"] != "", row["emails"],
                              rx.badge("no billing e-mail", color_scheme="amber", variant="soft"))),
        rx.table.cell(row["place"]),
        rx.table.cell(row["currency"]),
        rx.table.cell(row["vat_id"]),
        rx.table.cell(rx.cond(row["exempt"], rx.badge("exempt", variant="soft"), "")),
        rx.table.cell(rx.cond(AppState.may_change_billing,
                              rx.button("Edit", size="1", variant="soft",
                                        on_click=CustomersState.open_editor(row)))),
        data_testid="customer-row",
    )  # fmt: skip


def customers_table() -> rx.Component:
    columns = ("Customer", "Billing e-mails", "Where", "Currency", "VAT id", "Tax", "")
    return paged_table(CustomersState, columns, customer_row, test_id="customers-table",
                       one="customer", many="customers", empty="No customers match.")  # fmt: skip


def customers() -> rx.Component:
    return layout(
        routes.CUSTOMERS,
        page_header(
            "Customers",
            "The organisations you bill.",
            action=new_button(
                "customer", CustomersState.open_editor(None), AppState.may_change_billing
            ),
        ),
        search_form(
            CustomersState,
            "Search name or VAT id",
        ),
        list_body(CustomersState, customers_table(), editor()),
    )
