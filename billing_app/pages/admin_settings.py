"""Admin > Settings: company profile, region and money, invoice numbering; one Save."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.components.admin_tabs import admin_tabs
from billing_app.components.feedback import error_callout
from billing_app.components.forms import field_error, form_field, hint, named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import loading_or
from billing_app.state.admin_settings import AdminSettingsState

S = AdminSettingsState


def field(label: str, name: str, note: str = "", **props: Any) -> rx.Component:
    control = rx.input(name=name, default_value=S.form.get(name, ""), width="100%", **props)
    return form_field(
        label,
        rx.vstack(control, hint(note), spacing="1", width="100%") if note else control,
        S.field_errors.get(name, ""),
    )


def live(label: str, name: str, value: rx.Var[str], on_change: Any, **props: Any) -> rx.Component:
    """An input the page reacts to while typing (currency warning, number preview)."""
    return form_field(
        label,
        rx.input(value=value, on_change=on_change, width="100%", **props),
        S.field_errors.get(name, ""),
    )


def grid(*children: rx.Component, columns: int = 3) -> rx.Component:
    return rx.grid(*children, columns=str(columns), spacing="4", width="100%", align_items="start")


def card(title: str, note: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.vstack(rx.heading(title, size="4"), hint(note), spacing="1"),
            *children,
            spacing="4",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def company_card() -> rx.Component:
    return card(
        "Company profile",
        "Printed on every invoice you issue from now on.",
        grid(field("Legal name", "legal_name"), field("Registration", "registration"),
             field("VAT / tax id", "vat_id")),
        grid(field("Street", "street"), field("City", "city"), field("Postcode", "postcode")),
        grid(field("Region", "region"), field("Phone", "phone"), field("E-mail", "email")),
        grid(field("Website", "website"), field("IBAN", "iban"), field("BIC", "bic")),
        grid(field("Bank account", "bank_account")),
    )  # fmt: skip


def currency_field() -> rx.Component:
    return rx.vstack(
        live("Currency", "currency", S.currency, S.set_currency, max_length=3,
             placeholder=S.country_currency),
        hint(rx.cond(S.country_currency != "", "Empty: the country's currency, " +
                     S.country_currency, "Empty: the country's currency.")),
        rx.cond(S.currency_changed, rx.callout(
            "Existing invoices keep their currency; only new ones use this one.",
            icon="triangle-alert", color_scheme="amber", size="1")),
        spacing="1", width="100%",
    )  # fmt: skip


def region_card() -> rx.Component:
    return card(
        "Region and money",
        "How amounts and dates are written, and when invoices fall due.",
        grid(
            live("Country (two letters)", "country", S.country, S.set_country, max_length=2),
            currency_field(),
            form_field("Locale", named_select(S.locales, "Locale", value=S.locale,
                                              on_change=S.set_locale, width="100%"),
                       S.field_errors.get("locale", "")),
        ),
        grid(
            field("Payment terms, days", "payment_terms_days", "Customers may have their own."),
            rx.box(rx.checkbox("Prices include tax", checked=S.prices_include_tax,
                               on_change=S.set_prices_include_tax), padding_top="30px"),
        ),
    )  # fmt: skip


def numbering_card() -> rx.Component:
    return card(
        "Invoice numbering",
        "Changing the numbering never renumbers issued invoices: it only shapes the next number.",
        grid(
            rx.vstack(
                live("Number format", "number_format", S.number_format, S.set_number_format),
                hint("{year} is the issue year, {seq:05} the sequence with 5 digits."),
                spacing="1", width="100%",
            ),
            rx.box(rx.checkbox("Restart the sequence every year", checked=S.reset_yearly,
                               on_change=S.set_reset_yearly), padding_top="30px"),
            rx.vstack(
                rx.text("Next number", size="2", weight="medium"),
                rx.cond(S.next_number != "",
                        rx.code(S.next_number, size="4", data_testid="next-number"),
                        hint("Fix the format to see the next number.")),
                spacing="1",
            ),
        ),
    )  # fmt: skip


def settings_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            company_card(),
            region_card(),
            numbering_card(),
            field_error(S.field_errors.get("form", "")),
            rx.hstack(rx.button("Save settings", type="submit", size="3"), justify="end",
                      width="100%"),
            spacing="5",
            width="100%",
        ),
        on_submit=S.save,
        reset_on_submit=False,
        key=S.form_key,
    )  # fmt: skip


def admin_settings() -> rx.Component:
    return layout(
        routes.ADMIN_SETTINGS,
        page_header("Admin", "Your company as invoices show it, and how they are numbered."),
        admin_tabs(routes.ADMIN_SETTINGS),
        error_callout(S.error),
        loading_or(S.loading, settings_form()),
    )
