from __future__ import annotations

import reflex as rx

from billing_app.components.forms import form_field
from billing_app.components.layout import brand_mark
from billing_app.state.login import LoginState


def field(label: str, name: str, kind: str, autocomplete: str) -> rx.Component:
    control = rx.input(
        id=name,
        name=name,
        type=kind,
        required=True,
        autocomplete=autocomplete,
        size="3",
        width="100%",
    )
    return form_field(label, control)


def login() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(
                        brand_mark(),
                        rx.heading("MSP Billing", size="5"),
                        align="center",
                        spacing="3",
                    ),
                    rx.heading("Sign in", size="6", margin_top="8px"),
                    rx.cond(
                        LoginState.notice != "",
                        rx.callout(LoginState.notice, icon="info", size="1", width="100%"),
                    ),
                    field("E-mail", "email", "email", "username"),
                    field("Password", "password", "password", "current-password"),
                    rx.cond(
                        LoginState.error != "",
                        rx.callout(
                            LoginState.error,
                            icon="triangle-alert",
                            color_scheme="red",
                            size="1",
                            role="alert",
                            width="100%",
                        ),
                    ),
                    rx.button(
                        "Sign in",
                        type="submit",
                        size="3",
                        width="100%",
                        loading=LoginState.submitting,
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=LoginState.submit,
                reset_on_submit=False,
            ),
            size="4",
            width="400px",
        ),
        min_height="100vh",
        background=rx.color("gray", 2),
    )
