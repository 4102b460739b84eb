"""Messages every page shows the same way."""

import reflex as rx


def error_callout(message: rx.Var[str]) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(
            message, icon="triangle-alert", color_scheme="red", role="alert", margin_bottom="16px"
        ),
    )
