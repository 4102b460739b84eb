"""The Invoice page's Send button and its dialog (state/invoice_sending.py)."""

from __future__ import annotations

import reflex as rx

from billing_app.components.email_text import placeholder_hint
from billing_app.components.feedback import error_callout
from billing_app.components.forms import bound_input, form_field
from billing_app.state.base import AppState
from billing_app.state.invoice import InvoiceState
from billing_app.state.invoice_sending import InvoiceSendingState

S = InvoiceSendingState


def email_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.cond(S.issues, rx.callout(
                "Sending issues this Draft: it takes the next invoice number and its lines "
                "are frozen. If sending fails, it stays a Draft.",
                icon="info", size="1", width="100%")),
            bound_input("To", "recipients", S.form, S.field_errors,
                        "Separate several addresses with commas."),
            bound_input("Subject", "subject", S.form, S.field_errors),
            form_field("Message", rx.text_area(
                name="body", default_value=S.form.get("body", ""), rows="8", width="100%",
                resize="vertical"), S.field_errors.get("body", "")),
            placeholder_hint(),
            rx.hstack(rx.icon("paperclip", size=14), rx.text("The invoice PDF is attached.",
                                                             size="2"),
                      color=rx.color("gray", 11), align="center", spacing="2"),
            rx.hstack(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray",
                                          type="button", disabled=S.sending)),
                rx.button(rx.icon("send", size=16), "Send", type="submit", loading=S.sending),
                spacing="3", justify="end", width="100%",
            ),
            spacing="3", width="100%",
        ),
        on_submit=S.send, reset_on_submit=False, key=S.form_key,
    )  # fmt: skip


def send_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Send ", rx.cond(S.title != "", S.title, "invoice")),
            rx.dialog.description("By e-mail, with the PDF attached.", size="2",
                                  color=rx.color("gray", 11), margin_bottom="12px"),
            error_callout(S.error),
            rx.cond(
                S.loading,
                rx.skeleton(rx.box(height="320px", width="100%"), loading=True),
                rx.cond(S.form.length() > 0, email_form(), rx.hstack(
                    rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                    justify="end")),
            ),
            max_width="620px",
        ),
        open=S.dialog_open,
        on_open_change=S.set_dialog_open,
    )  # fmt: skip


def send_invoice_button() -> rx.Component:
    """Hidden from roles that cannot send and for a refunded invoice; the server checks again."""
    return rx.cond(
        AppState.may_change_billing & (InvoiceState.status != "Refunded"),
        rx.fragment(
            rx.button(rx.icon("mail", size=16), "Send", variant="soft",
                      on_click=S.open_dialog(InvoiceState.invoice_id)),
            send_dialog(),
        ),
    )  # fmt: skip
