from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.forms import field_error, form_field
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import (
    NUMERIC,
    list_body,
    new_button,
    paged_table,
    search_form,
)
from billing_app.components.tax_rate_select import tax_rate_select
from billing_app.state.base import AppState
from billing_app.state.products import ProductsState, ProductView


def field(label: str, name: str, **props: object) -> rx.Component:
    return form_field(
        label,
        rx.input(name=name, default_value=ProductsState.form.get(name, ""), width="100%", **props),
        ProductsState.field_errors.get(name, ""),
    )


def editor() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(ProductsState.editing == 0, "New product", "Edit product")),
            rx.form(
                rx.vstack(
                    field("SKU", "sku"),
                    field("Name", "name"),
                    rx.hstack(
                        field("Unit price", "unit_price", type="number", step="0.0001"),
                        form_field(
                            "Tax rate",
                            tax_rate_select(
                                ProductsState.tax_choices,
                                "Tax rate",
                                name="tax_rate",
                                default_value=ProductsState.form.get("tax_rate", ""),
                            ),
                            ProductsState.field_errors.get("tax_rate", ""),
                        ),
                        width="100%",
                    ),
                    field("Accounting item code", "accounting_item_code"),
                    field_error(ProductsState.field_errors.get("form", "")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.button("Save product", type="submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=ProductsState.save,
                reset_on_submit=False,
                key=ProductsState.editing,
            ),
        ),
        open=ProductsState.editing >= 0,
        on_open_change=ProductsState.close_editor,
    )


def product_row(row: ProductView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["sku"], white_space="nowrap"),
        rx.table.cell(row["name"]),
        rx.table.cell(row["price"], style=NUMERIC),
        rx.table.cell(row["tax"], style=NUMERIC),
        rx.table.cell(row["code"]),
        rx.table.cell(
            rx.cond(
                AppState.may_change_billing,
                rx.button(
                    "Edit", size="1", variant="soft", on_click=ProductsState.open_editor(row)
                ),
            )
        ),
        data_testid="product-row",
    )


def products_table() -> rx.Component:
    columns = ("SKU", "Name", "Unit price", "Tax", "Item code", "")
    return paged_table(ProductsState, columns, product_row, numeric={"Unit price", "Tax"},
                       test_id="products-table", one="product", many="products",
                       empty="No products match.")  # fmt: skip


def products() -> rx.Component:
    return layout(
        routes.PRODUCTS,
        page_header(
            "Products",
            "The catalogue that invoices take products from.",
            action=new_button(
                "product", ProductsState.open_editor(None), AppState.may_change_billing
            ),
        ),
        search_form(
            ProductsState,
            "Search name or SKU",
        ),
        list_body(ProductsState, products_table(), editor()),
    )
