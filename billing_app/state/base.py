"""What every page shares: who is signed in, resolved from the database on every event.

Nothing here trusts cached state for permissions: the session token is looked up
again for each event, so a deactivated user or an idle session stops at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote

import reflex as rx

from billing_app import routes
from billing_app.config import load_settings
from billing_app.db import session_scope
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Permission, can
from billing_app.services.actor import Actor
from billing_app.services.changes import billing_fingerprint
from billing_app.services.sessions import log_out, resume

T = TypeVar("T")
SESSION_COOKIE = "billing_session"


def _in_session(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with session_scope() as session:
        return fn(session, *args, **kwargs)


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a use-case in its own transaction, off the event loop."""
    return await asyncio.to_thread(partial(_in_session, fn, *args, **kwargs))


def _resolve(token: str) -> Actor | None:
    return _in_session(resume, token, load_settings().session_idle)


class AppState(rx.State):
    session_token: str = rx.Cookie("", name=SESSION_COOKIE, same_site="strict")
    user_name: str = ""
    user_email: str = ""
    user_role: str = ""
    visible_routes: list[str] = []
    may_change_billing: bool = False  # only to hide buttons; every service checks again
    may_log_work: bool = False
    _billing_seen: str = ""

    async def actor(self) -> Actor | None:
        """Inside a background event, outside `async with self`: who is acting now."""
        async with self:
            token = self.session_token
        return await asyncio.to_thread(_resolve, token)

    async def signed_in_actor(self) -> Actor:
        """Like `actor`, but a signed-out user is told so."""
        actor = await self.actor()
        if actor is None:
            raise BillingError(
                "signed_out", "You are signed out; reload the page to sign in again."
            )
        return actor

    async def as_actor(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a use-case as the signed-in user; its permission check is the service's."""
        return await call(fn, await self.signed_in_actor(), *args, **kwargs)

    async def submit_form(self, fn: Callable[..., object], *args: Any) -> dict[str, str]:
        """Run a use-case behind a form: {} when it went through, else a message per field
        (or under "form" when no single field is to blame)."""
        try:
            await self.as_actor(fn, *args)
        except FieldErrors as error:
            return error.fields
        except BillingError as error:
            return {"form": error.message}
        return {}

    async def billing_changed(self) -> bool:
        """True when the billing data changed since this browser last looked."""
        try:
            fingerprint = await self.as_actor(billing_fingerprint)
        except BillingError:
            return False
        async with self:
            changed = bool(self._billing_seen) and fingerprint != self._billing_seen
            self._billing_seen = fingerprint
        return changed

    def _show_signed_in(self, actor: Actor | None) -> None:
        self.user_name = actor.name if actor else ""
        self.user_email = actor.email if actor else ""
        self.user_role = actor.role.label if actor else ""
        self.visible_routes = routes.visible_routes(actor.role) if actor else []
        self.may_change_billing = bool(actor and can(actor.role, Permission.CHANGE_BILLING))
        self.may_log_work = bool(actor and can(actor.role, Permission.LOG_OWN_WORK))

    @rx.event(background=True)
    async def check_access(self) -> Any:
        """on_load of every page but the login: sign-in and the page's permission."""
        async with self:
            token, path = self.session_token, self.router.url.path
        actor = await asyncio.to_thread(_resolve, token)
        async with self:
            self._show_signed_in(actor)
            if actor is None:
                self.session_token = ""
                reason = "expired" if token else "signin"
                return rx.redirect(f"{routes.LOGIN}?reason={reason}&next={quote(path)}")
            if not routes.may_open(actor.role, path):
                return [
                    rx.redirect(routes.HOME),
                    rx.toast.error(f"Your role ({actor.role.label}) cannot open that page."),
                ]
        return None

    @rx.event(background=True)
    async def sign_out(self) -> Any:
        async with self:
            token = self.session_token
        if token:
            await call(log_out, token)
        async with self:
            self.session_token = ""
            self._show_signed_in(None)
        return rx.redirect(routes.LOGIN)
