"""Admin > E-mail: mail server, sender, the invoice e-mail's text, a test e-mail; one Save."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.components.admin_tabs import admin_tabs
from billing_app.components.email_text import placeholder_hint
from billing_app.components.feedback import error_callout
from billing_app.components.forms import bound_input, field_error, form_field, named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import loading_or
from billing_app.pages.admin_settings import card, grid, hint
from billing_app.state.admin_email import SECURITY_LABELS, AdminEmailState

S = AdminEmailState


def field(label: str, name: str, note: str = "", **props: Any) -> rx.Component:
    return bound_input(label, name, S.form, S.field_errors, note, **props)


def password_field() -> rx.Component:
    return form_field(
        "Password",
        rx.vstack(
            rx.input(name="password", type="password", auto_complete="new-password",
                     placeholder=rx.cond(S.password_stored, "••••••••  (stored)", ""),
                     width="100%", key=S.form_key),
            hint(rx.cond(S.password_stored,
                         "A password is stored. Leave this empty to keep it.",
                         "No password is stored.")),
            rx.cond(S.password_stored, rx.checkbox(
                "Remove the stored password", size="1", checked=S.remove_password,
                on_change=S.set_remove_password)),
            spacing="1", width="100%",
        ),
        S.field_errors.get("password", ""),
    )  # fmt: skip


def server_card() -> rx.Component:
    return card(
        "Mail server",
        "The SMTP server that sends your invoices: your provider's, or your own.",
        grid(
            field("Host", "host", "Only the name, e.g. smtp.example.com.",
                  placeholder="smtp.example.com"),
            form_field("Port", rx.input(value=S.port, on_change=S.set_port, input_mode="numeric",
                                        width="100%"), S.field_errors.get("port", "")),
            form_field("Security", named_select(SECURITY_LABELS, "Security", value=S.security,
                                                on_change=S.set_security, width="100%"),
                       S.field_errors.get("security", "")),
        ),
        grid(field("User name", "username", "Empty: the server needs no sign-in.",
                   auto_complete="off"),
             password_field()),
    )  # fmt: skip


def sender_card() -> rx.Component:
    return card(
        "Sender",
        "Who your customers see the invoice e-mail coming from.",
        grid(field("From name", "from_name"), field("From address", "from_address"),
             field("Reply-to", "reply_to", "Empty: replies go to the sender.")),
        field("Blind copy (BCC)", "bcc", "Every invoice e-mail also goes, unseen, to these "
              "addresses (an archive, your accountant); separate them with commas."),
    )  # fmt: skip


def template_card() -> rx.Component:
    return card(
        "Invoice e-mail",
        "The text each invoice is sent with; the Send dialog lets you change it for one e-mail.",
        field("Subject", "subject_template"),
        form_field(
            "Message",
            rx.text_area(name="body_template", default_value=S.form.get("body_template", ""),
                         rows="8", width="100%", resize="vertical"),
            S.field_errors.get("body_template", ""),
        ),
        placeholder_hint(),
    )  # fmt: skip


def test_result() -> rx.Component:
    return rx.fragment(
        rx.cond(S.test_reply != "", rx.callout(
            "The server accepted the test e-mail: " + S.test_reply, icon="circle-check",
            color_scheme="green", size="1", width="100%", data_testid="test-result")),
        rx.cond(S.test_failure != "", rx.callout(
            S.test_failure, icon="triangle-alert", color_scheme="red", size="1", width="100%",
            role="alert", data_testid="test-result")),
    )  # fmt: skip


def test_card() -> rx.Component:
    return card(
        "Test",
        "Sends a short e-mail with the settings as typed above, saved or not.",
        rx.hstack(
            rx.box(form_field("Send a test to", rx.input(
                value=S.test_to, on_change=S.set_test_to, width="100%"),
                S.field_errors.get("test_to", "")), flex="1", max_width="420px"),
            rx.button(rx.icon("send", size=16), "Send test e-mail", type="submit",
                      variant="soft", loading=S.testing, on_click=S.will_test),
            align="end", spacing="3", width="100%",
        ),
        test_result(),
    )  # fmt: skip


def email_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            server_card(), sender_card(), template_card(), test_card(),
            field_error(S.field_errors.get("form", "")),
            rx.hstack(rx.button("Save e-mail settings", type="submit", size="3",
                                loading=S.saving), justify="end", width="100%"),
            spacing="5", width="100%",
        ),
        on_submit=S.submit, reset_on_submit=False, key=S.form_key,
    )  # fmt: skip


def admin_email() -> rx.Component:
    return layout(
        routes.ADMIN_EMAIL,
        page_header("Admin", "How invoices leave by e-mail: server, sender and text."),
        admin_tabs(routes.ADMIN_EMAIL),
        error_callout(S.error),
        loading_or(S.loading, email_form()),
    )
