"""Admin > Accounting: connect Xero or QuickBooks Online with OAuth2, keep the tokens fresh,
disconnect. Tokens are encrypted at rest with BILLING_SECRET_KEY and never leave the services.

`access_for` commits as soon as the provider rotated the tokens (or refused them): the old
refresh token is dead from that moment, so a rollback of the caller's later work must not lose
the new one. It locks the connection row first, so two workers never refresh at once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlmodel import Session, select

from billing_app.config import secret_key
from billing_app.domain.accounting import ConnectionStatus, Provider, lapsed_status
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.integrations import provider_auth as auth
from billing_app.integrations.oauth import needs_refresh, new_state, state_matches
from billing_app.integrations.oauth import token_expires_at as expires_after
from billing_app.integrations.provider_auth import InvalidGrant, ProviderUnreachable, TokenSet
from billing_app.models import AccountingConnection
from billing_app.models.types import utcnow
from billing_app.services.accounting.app_credentials import app_endpoints, connectable_endpoints
from billing_app.services.accounting.connection_row import ENTITY, connection_row
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.secret_box import decrypt_secret, encrypt_secret

STATE_LIFETIME = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class ConnectionView:
    provider: Provider
    status: ConnectionStatus
    tenant_name: str  # the organisation (Xero) or company (QuickBooks)
    tenant_choices: tuple[auth.Tenant, ...]  # several Xero organisations: the admin picks
    connected_at: dt.datetime | None
    last_error: str
    payments_synced_at: dt.datetime | None = None
    payments_sync_summary: str = ""

    @property
    def needs_tenant(self) -> bool:
        return self.status is ConnectionStatus.CONNECTED and bool(self.tenant_choices)


@dataclass(frozen=True)
class ProviderAccess:
    """What an API call needs: for services only, never for a page."""

    provider: Provider
    access_token: str
    tenant_id: str  # Xero-Tenant-Id, or the QuickBooks realm id


def _view(row: AccountingConnection) -> ConnectionView:
    choices = tuple(auth.Tenant(c["id"], c["name"]) for c in row.tenant_choices)
    return ConnectionView(row.provider, row.status, row.tenant_name or "", choices,
                          row.connected_at, row.last_error, row.payments_synced_at,
                          row.payments_sync_summary)  # fmt: skip


def connection_views(session: Session, actor: Actor) -> list[ConnectionView]:
    require(session, actor, Permission.MANAGE_SETTINGS, "see the accounting connections")
    rows = {r.provider: r for r in session.exec(select(AccountingConnection)).all()}
    return [_view(rows.get(p) or AccountingConnection(provider=p)) for p in Provider]


def start_connect(session: Session, actor: Actor, provider: Provider) -> str:
    """The provider's consent URL; the `state` in it is remembered for the callback."""
    require(session, actor, Permission.MANAGE_SETTINGS, "connect an accounting system")
    row = connection_row(session, provider)
    state = new_state()
    try:
        url = auth.provider_auth(connectable_endpoints(row)).authorization_url(state)
    except ProviderUnreachable as error:
        raise _unreachable(provider, error) from None
    row.oauth_state, row.oauth_state_expires_at = state, utcnow() + STATE_LIFETIME
    session.add(row)
    record_audit(session, actor, "accounting_connect_started", entity=ENTITY, entity_id=row.id,
                 details=provider.label)  # fmt: skip
    return url


def _row_of_state(session: Session, state: str) -> AccountingConnection:
    now = utcnow()
    for row in session.exec(select(AccountingConnection)).all():
        fresh = row.oauth_state_expires_at is not None and row.oauth_state_expires_at > now
        if fresh and state_matches(row.oauth_state, state):
            return row
    raise BillingError(
        "oauth_state_mismatch",
        "This answer from the accounting system does not match a Connect started here, or it "
        "is older than 15 minutes; click Connect again.",
    )


def _unreachable(provider: Provider, error: Exception) -> BillingError:
    return BillingError(
        "provider_unreachable",
        f"{provider.label} did not answer as expected ({error}); try again in a minute.",
    )


def _store_tokens(row: AccountingConnection, tokens: TokenSet, now: dt.datetime) -> None:
    key = secret_key()
    row.access_token_encrypted = encrypt_secret(tokens.access_token, key)
    if tokens.refresh_token:  # always the rotated one
        row.refresh_token_encrypted = encrypt_secret(tokens.refresh_token, key)
    row.token_expires_at = expires_after(now, tokens.expires_in)


def finish_connect(
    session: Session, actor: Actor, code: str, state: str, realm_id: str | None = None
) -> ConnectionView:
    """The callback: check the state, exchange the code, store the tokens and the organisation."""
    require(session, actor, Permission.MANAGE_SETTINGS, "connect an accounting system")
    row = _row_of_state(session, state)
    provider = row.provider
    row.oauth_state = row.oauth_state_expires_at = None
    client = auth.provider_auth(app_endpoints(row))
    if isinstance(client, auth.QuickBooksAuth):
        if not realm_id:
            raise BillingError("no_realm", "QuickBooks did not say which company was chosen; "
                               "click Connect again and pick a company.")  # fmt: skip
        client.realm_id = realm_id
    now = utcnow()
    try:
        tokens = client.exchange(code)
        tenants = client.tenants(tokens.access_token)
    except InvalidGrant:
        raise BillingError(
            "oauth_code_refused",
            f"{provider.label} refused the sign-in code (it was used already or is too old); "
            "click Connect again.",
        ) from None
    except ProviderUnreachable as error:
        raise _unreachable(provider, error) from None
    if not tenants:
        raise BillingError("no_organisation", f"The {provider.label} sign-in gave access to no "
                           "organisation; click Connect again and allow one.")  # fmt: skip
    _store_tokens(row, tokens, now)
    row.status, row.connected_at, row.last_error = ConnectionStatus.CONNECTED, now, ""
    _set_tenants(row, tenants)
    session.add(row)
    record_audit(session, actor, "accounting_connected", entity=ENTITY, entity_id=row.id,
                 to_value=row.tenant_name or "", details=provider.label)  # fmt: skip
    return _view(row)


def _set_tenants(row: AccountingConnection, tenants: list[auth.Tenant]) -> None:
    if len(tenants) == 1:
        row.tenant_id, row.tenant_name, row.tenant_choices = tenants[0].id, tenants[0].name, []
        if row.provider is Provider.QUICKBOOKS and not row.tenant_name:
            row.tenant_name = f"Company {tenants[0].id}"
    else:
        row.tenant_id = row.tenant_name = None
        row.tenant_choices = [{"id": t.id, "name": t.name} for t in tenants]


def choose_tenant(session: Session, actor: Actor, provider: Provider, tenant_id: str) -> None:
    require(session, actor, Permission.MANAGE_SETTINGS, "choose the accounting organisation")
    row = connection_row(session, provider)
    chosen = next((c for c in row.tenant_choices if c["id"] == tenant_id), None)
    if chosen is None:
        raise BillingError("unknown_tenant", f"That organisation is not one {provider.label} "
                           "gave access to; pick one from the list, or Reconnect.")  # fmt: skip
    row.tenant_id, row.tenant_name, row.tenant_choices = chosen["id"], chosen["name"], []
    session.add(row)
    record_audit(session, actor, "accounting_tenant_chosen", entity=ENTITY, entity_id=row.id,
                 to_value=chosen["name"], details=provider.label)  # fmt: skip


def _reconnect(provider: Provider, status: ConnectionStatus) -> BillingError:
    how = {ConnectionStatus.EXPIRED: "has expired", ConnectionStatus.REVOKED: "was revoked"}
    return BillingError(
        "reconnect_needed",
        f"The {provider.label} connection {how.get(status, 'is not set up')}; an admin must "
        f"click {'Connect' if status is ConnectionStatus.DISCONNECTED else 'Reconnect'} "
        "in Admin > Accounting.",
    )


def access_for(session: Session, provider: Provider) -> ProviderAccess:
    """A live access token and the organisation, refreshed when it is about to expire."""
    row = connection_row(session, provider, lock=True)
    if row.status is not ConnectionStatus.CONNECTED or not row.refresh_token_encrypted:
        raise _reconnect(provider, row.status)
    if not row.tenant_id:
        raise BillingError("tenant_not_chosen", f"Choose the {provider.label} organisation in "
                           "Admin > Accounting first.")  # fmt: skip
    now = utcnow()
    key = secret_key()
    if needs_refresh(row.token_expires_at, now):
        refresh_token = decrypt_secret(row.refresh_token_encrypted, key)
        try:
            tokens = auth.provider_auth(app_endpoints(row)).refresh(refresh_token)
        except InvalidGrant as error:
            row.status = lapsed_status(provider, row.token_expires_at, now)
            row.last_error = (f"{provider.label} no longer accepts the saved sign-in "
                              f"({_provider_said(str(error))}); click Reconnect and approve "
                              "the app again.")  # fmt: skip
            row.access_token_encrypted = row.refresh_token_encrypted = None
            session.add(row)
            session.commit()
            raise _reconnect(provider, row.status) from None
        except ProviderUnreachable as error:
            raise _unreachable(provider, error) from None
        _store_tokens(row, tokens, now)
        session.add(row)
        session.commit()
    assert row.access_token_encrypted is not None
    return ProviderAccess(provider, decrypt_secret(row.access_token_encrypted, key), row.tenant_id)


def _provider_said(body: str) -> str:
    """The OAuth error code (and description) out of a token endpoint's JSON answer."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body.strip() or "no reason given"
    if not isinstance(answer, dict) or not answer.get("error"):
        return body.strip()
    described = answer.get("error_description")
    return f"{answer['error']}: {described}" if described else str(answer["error"])


def disconnect(session: Session, actor: Actor, provider: Provider) -> str:
    """Revoke at the provider and forget the tokens; a failed revocation still forgets them.
    Returns what happened, in a sentence for the page. Mappings stay for a reconnect."""
    require(session, actor, Permission.MANAGE_SETTINGS, "disconnect an accounting system")
    row = connection_row(session, provider, lock=True)
    said = f"Disconnected from {provider.label}."
    if row.refresh_token_encrypted:
        try:
            refresh_token = decrypt_secret(row.refresh_token_encrypted, secret_key())
            auth.provider_auth(app_endpoints(row)).revoke(refresh_token)
        except (ProviderUnreachable, BillingError) as error:
            said = (f"Disconnected here, but {provider.label} could not revoke the access "
                    f"({error}); remove the app in {provider.label}'s connected apps.")  # fmt: skip
    was = row.tenant_name or ""
    row.status, row.last_error = ConnectionStatus.DISCONNECTED, ""
    row.access_token_encrypted = row.refresh_token_encrypted = row.token_expires_at = None
    row.tenant_id = row.tenant_name = row.connected_at = None
    row.tenant_choices = []
    session.add(row)
    record_audit(session, actor, "accounting_disconnected", entity=ENTITY, entity_id=row.id,
                 from_value=was, details=said)  # fmt: skip
    return said
