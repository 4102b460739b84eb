"""Admin > Accounting: a provider's OAuth app credentials (client ID, secret, redirect URI),
shown open while Connect cannot work yet. A field the environment sets is read-only."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.forms import field_error, form_field, hint
from billing_app.domain.accounting import Provider
from billing_app.state.admin_accounting import AdminAccountingState

S = AdminAccountingState
PORTAL = {
    "xero": "the Xero developer portal (developer.xero.com, My Apps)",
    "quickbooks": "the Intuit developer portal (developer.intuit.com, Keys & credentials)",
}


def error_of(provider: str, field: str) -> Any:
    return S.app_errors.get(f"{provider}:{field}", "")


def fixed_or_typed(
    label: str, env: Any, fixed: rx.Component, typed: rx.Component, error: Any
) -> rx.Component:
    """The environment's value read-only ("set by <variable>"), else an input sent with the form."""
    return form_field(
        label,
        rx.cond(
            env != "",
            rx.vstack(fixed, hint("set by " + env), spacing="1", width="100%"),
            typed,
        ),
        error,
    )


def client_id_field(provider: str, app: Any) -> rx.Component:
    return fixed_or_typed(
        "Client ID",
        app["client_id_env"],
        rx.input(value=app["client_id"], read_only=True, width="100%"),
        rx.input(name="client_id", default_value=app["client_id"], auto_complete="off",
                 width="100%", key=S.form_key),
        error_of(provider, "client_id"),
    )  # fmt: skip


def client_secret_field(provider: str, app: Any) -> rx.Component:
    return fixed_or_typed(
        "Client secret",
        app["client_secret_env"],
        rx.input(type="password", placeholder="set in the environment", read_only=True,
                 width="100%"),
        rx.input(name="client_secret", type="password", auto_complete="new-password",
                 placeholder=rx.cond(app["secret_stored"], "stored — leave blank to keep", ""),
                 width="100%", key=S.form_key),
        error_of(provider, "client_secret"),
    )  # fmt: skip


def redirect_field(provider: str, app: Any) -> rx.Component:
    return fixed_or_typed(
        "Redirect URI",
        app["redirect_uri_env"],
        rx.input(value=app["redirect_in_use"], read_only=True, width="100%"),
        rx.input(name="redirect_uri", default_value=app["redirect_uri"],
                 placeholder=app["default_redirect"], width="100%", key=S.form_key),
        error_of(provider, "redirect_uri"),
    )  # fmt: skip


def app_credentials(provider: str, card: Any) -> rx.Component:
    app = card["app"]
    return rx.el.details(
        rx.el.summary(rx.text("App credentials", as_="span", size="2", weight="medium"),
                      cursor="pointer"),
        rx.form(
            rx.vstack(
                hint(f"The app this billing app signs in to {Provider(provider).label} as, "
                     f"from {PORTAL[provider]}."),
                rx.grid(client_id_field(provider, app), client_secret_field(provider, app),
                        columns="2", spacing="4", width="100%"),
                redirect_field(provider, app),
                hint("Register exactly " + app["redirect_in_use"] + " as the redirect URI in "
                     f"{PORTAL[provider]}."),
                field_error(error_of(provider, "form")),
                rx.button("Save", type="submit", variant="soft"),
                spacing="3", width="100%", padding_top="12px",
            ),
            on_submit=lambda form: S.save_app(provider, form),
            reset_on_submit=False, id=f"app-{provider}", width="100%",
        ),
        open=~app["ready"],
        width="100%",
        data_testid=f"{provider}-app",
    )  # fmt: skip
