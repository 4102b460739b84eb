"""The Send dialog of the Invoice page: recipients, subject and message, then send with the
PDF attached. A failure keeps the dialog open with the server's reason."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.services.mail.send_invoice import (
    InvoiceEmail,
    invoice_email_draft,
    send_invoice,
)
from billing_app.state.base import AppState
from billing_app.state.invoice import InvoiceState


class InvoiceSendingState(AppState):
    dialog_open: bool = False
    loading: bool = False
    sending: bool = False
    invoice_id: int = 0
    title: str = ""
    issues: bool = False  # a Draft: sending gives it its number
    form: dict[str, str] = {}
    form_key: int = 0
    error: str = ""
    field_errors: dict[str, str] = {}

    @rx.event(background=True)
    async def open_dialog(self, invoice_id: int) -> None:
        async with self:
            self.dialog_open, self.loading, self.invoice_id = True, True, invoice_id
            self.error, self.field_errors, self.form = "", {}, {}
        try:
            draft = await self.as_actor(invoice_email_draft, invoice_id)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        email = draft.email
        async with self:
            self.form = {"recipients": email.recipients, "subject": email.subject,
                         "body": email.body}  # fmt: skip
            self.form_key += 1
            self.title, self.issues, self.loading = draft.title, draft.issues, False

    @rx.event
    def set_dialog_open(self, value: bool) -> None:
        if not self.sending:  # closing while sending would hide how it ended
            self.dialog_open = value

    @rx.event(background=True)
    async def send(self, form: dict[str, Any]) -> Any:
        async with self:
            if self.sending:
                return None
            invoice_id, self.sending = self.invoice_id, True
            self.error, self.field_errors = "", {}
        email = InvoiceEmail(*(str(form.get(name, "")) for name in ("recipients", "subject",
                                                                    "body")))  # fmt: skip
        try:
            sent = await self.as_actor(send_invoice, invoice_id, email)
        except FieldErrors as error:
            async with self:
                self.field_errors, self.sending = error.fields, False
            return None
        except BillingError as error:
            async with self:
                self.error, self.sending = error.message, False
            return InvoiceState.reload  # a refused status change may have been made meanwhile
        async with self:
            self.sending, self.dialog_open = False, False
        to = ", ".join(sent.recipients)
        return [
            rx.toast.success(f"Invoice {sent.number} sent to {to}. The server said: {sent.reply}"),
            InvoiceState.reload,
        ]
