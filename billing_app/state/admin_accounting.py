"""Admin > Accounting: one card per provider (status, Connect / Reconnect / Disconnect, the Xero
organisation picker, the app credentials) and the OAuth callback that finishes a Connect.
The stored client secret never reaches the browser: the card knows only whether one is stored."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app import routes
from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_moment
from billing_app.services.account import account_locale
from billing_app.services.accounting.app_credentials import (
    AppCredentialsView,
    app_credentials_view,
    save_app_credentials,
)
from billing_app.services.accounting.connections import (
    ConnectionView,
    choose_tenant,
    connection_views,
    disconnect,
    finish_connect,
    start_connect,
)
from billing_app.state.accounting_mappings import AccountingMappingsState
from billing_app.state.base import AppState, call

STATUS_TEXT = {
    ConnectionStatus.DISCONNECTED: "Not connected",
    ConnectionStatus.EXPIRED: "Expired: Reconnect",
    ConnectionStatus.REVOKED: "Revoked: Reconnect",
}


class TenantChoice(TypedDict):
    id: str
    name: str


class AppCard(TypedDict):
    """The app credentials; `*_env` names the variable that sets a field, or is empty."""

    ready: bool  # a client ID and secret are known: Connect can work
    client_id: str
    secret_stored: bool
    redirect_uri: str  # the stored one, empty: the default
    redirect_in_use: str
    default_redirect: str
    client_id_env: str
    client_secret_env: str
    redirect_uri_env: str


class ProviderCard(TypedDict):
    provider: str
    label: str
    status: str
    status_text: str
    last_error: str
    connected: bool
    lapsed: bool
    choices: list[TenantChoice]
    payments_synced: str  # "Last payment sync <time>: <summary>", or ""
    app: AppCard


def _payments_synced(view: ConnectionView, locale: str) -> str:
    if view.payments_synced_at is None or not view.payments_sync_summary:
        return ""
    at = format_moment(view.payments_synced_at, locale)
    return f"Last payment sync {at}: {view.payments_sync_summary}"


def _app(view: AppCredentialsView) -> AppCard:
    env = view.environment
    return {
        "ready": view.ready,
        "client_id": view.client_id,
        "secret_stored": view.secret_stored,
        "redirect_uri": view.redirect_uri,
        "redirect_in_use": view.redirect_uri_in_use,
        "default_redirect": view.default_redirect_uri,
        "client_id_env": env.get("client_id", ""),
        "client_secret_env": env.get("client_secret", ""),
        "redirect_uri_env": env.get("redirect_uri", ""),
    }


def _card(view: ConnectionView, app: AppCredentialsView, locale: str) -> ProviderCard:
    status = STATUS_TEXT.get(view.status, f"Connected to {view.tenant_name}")
    if view.needs_tenant:
        status = "Connected: choose the organisation"
    return {
        "provider": view.provider.value,
        "label": view.provider.label,
        "status": view.status.value,
        "status_text": status,
        "last_error": view.last_error,
        "connected": view.status is ConnectionStatus.CONNECTED,
        "lapsed": view.status in (ConnectionStatus.EXPIRED, ConnectionStatus.REVOKED),
        "choices": [TenantChoice(id=t.id, name=t.name) for t in view.tenant_choices],
        "payments_synced": _payments_synced(view, locale),
        "app": _app(app),
    }


class AdminAccountingState(AppState):
    cards: dict[str, ProviderCard] = {}  # by provider; not a list: a form in a foreach has no id
    loaded: bool = False
    busy: str = ""  # the provider being connected or disconnected
    app_errors: dict[str, str] = {}  # "<provider>:<field>": the sentence
    form_key: int = 0  # bumped on load: the credential inputs take the stored values again

    @rx.event(background=True)
    async def load(self) -> Any:
        try:
            views = await self.as_actor(connection_views)
            apps = [await self.as_actor(app_credentials_view, view.provider) for view in views]
            locale = await call(account_locale)
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            pairs = zip(views, apps, strict=True)
            self.cards = {v.provider.value: _card(v, a, locale) for v, a in pairs}
            self.loaded, self.busy, self.form_key = True, "", self.form_key + 1
        return None

    @rx.event(background=True)
    async def save_app(self, provider: str, form: dict[str, Any]) -> Any:
        typed = [str(form.get(name, "")) for name in ("client_id", "client_secret", "redirect_uri")]
        errors = await self.submit_form(save_app_credentials, Provider(provider), *typed)
        async with self:
            self.app_errors = {f"{provider}:{field}": text for field, text in errors.items()}
        if errors:
            return rx.toast.error(errors.get("form", "Nothing was saved: fix the fields in red."))
        saved = f"Saved the {Provider(provider).label} app credentials."
        return [rx.toast.success(saved), AdminAccountingState.load]

    @rx.event(background=True)
    async def connect(self, provider: str) -> Any:
        async with self:
            self.busy = provider
        try:
            url = await self.as_actor(start_connect, Provider(provider))
        except BillingError as error:
            async with self:
                self.busy = ""
            return rx.toast.error(error.message)
        return rx.redirect(url)

    @rx.event(background=True)
    async def disconnect(self, provider: str) -> Any:
        async with self:
            self.busy = provider
        try:
            said = await self.as_actor(disconnect, Provider(provider))
        except BillingError as error:
            said = error.message
        async with self:
            self.busy = ""
        return [AdminAccountingState.load, AccountingMappingsState.load, rx.toast.info(said)]

    @rx.event(background=True)
    async def choose(self, provider: str, tenant_id: str) -> Any:
        try:
            await self.as_actor(choose_tenant, Provider(provider), tenant_id)
        except BillingError as error:
            return rx.toast.error(error.message)
        return [AdminAccountingState.load, AccountingMappingsState.load]


class AccountingCallbackState(AppState):
    """The provider sends the admin back here with ?code=&state= (and QuickBooks' realmId)."""

    @rx.event(background=True)
    async def finish(self) -> Any:
        async with self:
            query = dict(self.router.url.query_parameters)
        back = rx.redirect(routes.ADMIN_ACCOUNTING)
        if query.get("error"):
            return [back, rx.toast.error(f"The connection was not made: {query['error']}.")]
        try:
            view = await self.as_actor(finish_connect, query.get("code", ""),
                                       query.get("state", ""), query.get("realmId"))  # fmt: skip
        except BillingError as error:
            return [back, rx.toast.error(error.message)]
        which = f": {view.tenant_name}." if view.tenant_name else "; choose the organisation."
        done = f"Connected to {view.provider.label}{which}"
        return [back, rx.toast.success(done)]
