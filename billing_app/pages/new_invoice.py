from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.forms import form_field, named_select
from billing_app.components.layout import layout, page_header
from billing_app.state.new_invoice import NewInvoiceState


def new_invoice() -> rx.Component:
    return layout(
        routes.BILLING,
        page_header(
            "New invoice",
            "A one-off invoice outside any batch: custom lines, products and unbilled work.",
        ),
        rx.card(
            rx.vstack(
                form_field(
                    "Customer",
                    named_select(NewInvoiceState.customers, "Customer", width="100%",
                                 value=NewInvoiceState.customer, placeholder="Choose a customer",
                                 on_change=NewInvoiceState.choose_customer),
                    NewInvoiceState.error,
                ),
                rx.text("The invoice starts as a Draft in the customer's currency; you add its "
                        "lines on the next page.", size="2", color=rx.color("gray", 10)),
                rx.hstack(
                    rx.link(rx.button("Cancel", variant="soft", color_scheme="gray"),
                            href=routes.BILLING),
                    rx.button("Create draft", on_click=NewInvoiceState.create,
                              loading=NewInvoiceState.creating),
                    spacing="3", justify="end", width="100%",
                ),
                spacing="4",
            ),
            max_width="520px",
        ),
    )  # fmt: skip
