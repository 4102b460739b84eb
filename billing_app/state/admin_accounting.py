"""Admin > Accounting: one card per provider (status, Connect / Reconnect / Disconnect, the Xero
organisation picker) and the OAuth callback that finishes a Connect."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app import routes
from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_moment
from billing_app.services.account import account_locale
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


def _payments_synced(view: ConnectionView, locale: str) -> str:
    if view.payments_synced_at is None or not view.payments_sync_summary:
        return ""
    at = format_moment(view.payments_synced_at, locale)
    return f"Last payment sync {at}: {view.payments_sync_summary}"


def _card(view: ConnectionView, locale: str) -> ProviderCard:
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
    }


class AdminAccountingState(AppState):
    cards: list[ProviderCard] = []
    loaded: bool = False
    busy: str = ""  # the provider being connected or disconnected

    @rx.event(background=True)
    async def load(self) -> Any:
        try:
            views = await self.as_actor(connection_views)
            locale = await call(account_locale)
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            self.cards, self.loaded, self.busy = [_card(v, locale) for v in views], True, ""
        return None

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
