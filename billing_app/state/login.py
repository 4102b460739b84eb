from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.domain.errors import BillingError
from billing_app.services.sessions import SignedIn, log_in
from billing_app.state.base import AppState, call

REASONS = {
    "expired": "Your session ended after a while without activity; sign in again.",
    "signin": "Sign in to continue.",
}


class LoginState(AppState):
    error: str = ""
    notice: str = ""
    submitting: bool = False

    @rx.event(background=True)
    async def open(self) -> Any:
        """on_load: a signed-in user goes straight on; otherwise say why they are here."""
        actor = await self.actor()
        async with self:
            params = self.router.url.query_parameters
            self.notice = REASONS.get(params.get("reason", ""), "")
            self.error = ""
            if actor is not None:
                return rx.redirect(routes.safe_next(params.get("next", routes.HOME)))
        return None

    @rx.event(background=True)
    async def submit(self, form: dict[str, str]) -> Any:
        async with self:
            self.submitting, self.error = True, ""
            client = self.router.session.client_ip or "unknown"
            target = routes.safe_next(self.router.url.query_parameters.get("next", routes.HOME))
        try:
            signed_in: SignedIn = await call(
                log_in, form.get("email", ""), form.get("password", ""), client
            )
        except BillingError as error:
            async with self:
                self.submitting, self.error = False, error.message
            return None
        async with self:
            self.session_token = signed_in.token
            self._show_signed_in(signed_in.actor)
            self.submitting, self.notice = False, ""
        return rx.redirect(target)
