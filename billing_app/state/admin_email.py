"""Admin > E-mail: the mail server, the sender and the invoice e-mail; save, or send a test
with the settings as typed. The stored password never reaches the browser."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.mail import MailSecurity
from billing_app.services.mail.settings import (
    MailSettingsInput,
    mail_settings,
    save_mail_settings,
    send_test_email,
)
from billing_app.state.base import AppState
from billing_app.state.settings_page import SettingsPage

TYPED = ("host", "username", "from_name", "from_address", "reply_to", "bcc", "subject_template",
         "body_template")  # fmt: skip  # inputs read back from the submitted form
SECURITY_LABELS = [security.label for security in MailSecurity]
SECURITY_BY_LABEL = {security.label: security for security in MailSecurity}
USUAL_PORTS = {str(security.usual_port) for security in MailSecurity}


class AdminEmailState(SettingsPage, AppState):
    form: dict[str, str] = {}
    form_key: int = 0  # bumped on load: the inputs take the stored values again
    port: str = ""
    security: str = MailSecurity.STARTTLS.label
    password_stored: bool = False
    remove_password: bool = False
    saved: bool = False
    test_to: str = ""
    test_reply: str = ""
    test_failure: str = ""
    testing: bool = False
    saving: bool = False
    _intent: str = "save"  # what the next submit of the form does: "save" or "test"

    @rx.event(background=True)
    async def load(self) -> None:
        actor = await self.actor()  # its e-mail: the test's first address
        view = await self._stored(mail_settings)
        if view is None:
            return
        values = view.values
        async with self:
            self.form = {name: getattr(values, name) for name in TYPED}
            self.form_key += 1
            self.port = values.port
            self.security = MailSecurity(values.security).label
            self.password_stored, self.saved = view.password_stored, view.saved
            self.remove_password = False
            self.test_to = self.test_to or (actor.email if actor else "")
            self._shown()

    @rx.event
    def set_security(self, label: str) -> None:
        """A port still at the usual one of the old security follows to the new one's."""
        if label not in SECURITY_BY_LABEL:
            return
        if self.port.strip() in USUAL_PORTS or not self.port.strip():
            self.port = str(SECURITY_BY_LABEL[label].usual_port)
        self.security = label

    @rx.event
    def set_port(self, value: str) -> None:
        self.port = value

    @rx.event
    def set_remove_password(self, value: bool) -> None:
        self.remove_password = value

    @rx.event
    def set_test_to(self, value: str) -> None:
        self.test_to = value

    @rx.event
    def will_test(self) -> None:
        """Clicked before the form submits: this submit sends a test instead of saving."""
        self._intent = "test"

    def _input(self, form: dict[str, Any]) -> MailSettingsInput:
        return MailSettingsInput(
            **{name: str(form.get(name, "")) for name in TYPED},
            port=self.port,
            security=SECURITY_BY_LABEL[self.security].value,
            password=str(form.get("password", "")),
            remove_password=self.remove_password,
        )

    @rx.event(background=True)
    async def submit(self, form: dict[str, Any]) -> Any:
        async with self:
            intent, self._intent = self._intent, "save"
            data, to = self._input(form), self.test_to
            self.field_errors = {}
            if intent == "test":
                self.testing, self.test_reply, self.test_failure = True, "", ""
            else:
                self.saving = True
        if intent == "test":
            return await self._send_test(data, to)
        return await self._save_settings(data)

    async def _save_settings(self, data: MailSettingsInput) -> Any:
        done = await self._save(
            save_mail_settings, data, "E-mail settings saved.", AdminEmailState.load
        )
        async with self:
            self.saving = False
        return done

    async def _send_test(self, data: MailSettingsInput, to: str) -> Any:
        try:
            reply = await self.as_actor(send_test_email, data, to)
        except FieldErrors as error:
            async with self:
                self.testing, self.field_errors = False, error.fields
            return rx.toast.error("No test was sent: fix the fields marked in red.")
        except BillingError as error:
            async with self:
                self.testing, self.test_failure = False, error.message
            return None
        async with self:
            self.testing, self.test_reply = False, reply
        return None
