"""The OAuth app each provider knows this billing app as: client ID, client secret and redirect
URI, entered on Admin > Accounting or set in the environment.

An environment variable, when set, wins (the deployment decides); otherwise the stored value;
the redirect URI falls back to the default callback. The stored secret is encrypted with
BILLING_SECRET_KEY and never leaves the services: the view says only whether one is stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from sqlmodel import Session

from billing_app.config import secret_key
from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Permission
from billing_app.integrations.endpoints import (
    CALLBACK_PATH,
    QuickBooksEndpoints,
    XeroEndpoints,
    callback_url,
    quickbooks_endpoints,
    xero_endpoints,
)
from billing_app.models import AccountingConnection
from billing_app.services.accounting.connection_row import ENTITY, connection_row
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.secret_box import decrypt_secret, encrypt_secret

Endpoints = XeroEndpoints | QuickBooksEndpoints
FIELDS = ("client_id", "client_secret", "redirect_uri")
FIELD_NAMES = {"client_id": "client ID", "client_secret": "client secret",
               "redirect_uri": "redirect URI"}  # fmt: skip
PREFIX = {Provider.XERO: "XERO", Provider.QUICKBOOKS: "QBO"}
PORTAL = {Provider.XERO: "developer.xero.com (My Apps)",
          Provider.QUICKBOOKS: "developer.intuit.com (your app's Keys & credentials)"}  # fmt: skip
MAX_LENGTH = {"client_id": 200, "client_secret": 500, "redirect_uri": 500}


@dataclass(frozen=True)
class AppCredentialsView:
    provider: Provider
    client_id: str  # the one in use: the environment's or the stored one
    secret_stored: bool  # a secret is stored here (the environment's is not "stored")
    redirect_uri: str  # the stored one; empty: the default callback
    redirect_uri_in_use: str  # the one to register in the provider's developer portal
    default_redirect_uri: str
    environment: dict[str, str]  # field -> the variable that sets it

    @property
    def ready(self) -> bool:
        """Connect can work: a client ID and a secret are known."""
        has_secret = self.secret_stored or "client_secret" in self.environment
        return bool(self.client_id) and has_secret


def _environment(provider: Provider) -> dict[str, str]:
    """The credential fields an environment variable sets, with the variable's name."""
    names = {field: f"{PREFIX[provider]}_{field.upper()}" for field in FIELDS}
    return {field: name for field, name in names.items() if os.environ.get(name, "").strip()}


def _configured(provider: Provider) -> Endpoints:
    return xero_endpoints() if provider is Provider.XERO else quickbooks_endpoints()


def _merged(row: AccountingConnection, secret: str) -> Endpoints:
    environment, configured = _environment(row.provider), _configured(row.provider)

    def chosen(field: str, stored: str) -> str:
        return stored if stored and field not in environment else getattr(configured, field)

    return replace(configured, client_id=chosen("client_id", row.client_id),
                   client_secret=chosen("client_secret", secret),
                   redirect_uri=chosen("redirect_uri", row.redirect_uri))  # fmt: skip


def app_endpoints(row: AccountingConnection) -> Endpoints:
    """The provider's endpoints with the app credentials in use, for its OAuth client."""
    stored = row.client_secret_encrypted
    return _merged(row, decrypt_secret(stored, secret_key()) if stored else "")


def connectable_endpoints(row: AccountingConnection) -> Endpoints:
    """`app_endpoints`, refused with a sentence while the client ID or secret is unknown."""
    endpoints = app_endpoints(row)
    if not (endpoints.client_id and endpoints.client_secret):
        raise BillingError(
            "app_credentials_missing",
            f"{row.provider.label} does not know this app yet: enter the client ID and secret "
            f"from {PORTAL[row.provider]} under App credentials, then click Connect.",
        )
    return endpoints


def _view(row: AccountingConnection) -> AppCredentialsView:
    in_use = _merged(row, "")
    return AppCredentialsView(row.provider, in_use.client_id, bool(row.client_secret_encrypted),
                              row.redirect_uri, in_use.redirect_uri, callback_url(),
                              _environment(row.provider))  # fmt: skip


def app_credentials_view(session: Session, actor: Actor, provider: Provider) -> AppCredentialsView:
    require(session, actor, Permission.MANAGE_SETTINGS, "see the accounting app credentials")
    return _view(connection_row(session, provider))


def _redirect_problem(redirect_uri: str) -> str:
    parts = urlsplit(redirect_uri)
    if parts.scheme in ("http", "https") and parts.netloc and redirect_uri.endswith(CALLBACK_PATH):
        return ""
    return (f"The redirect URI must be a whole http(s) address ending with {CALLBACK_PATH}, "
            f"e.g. {callback_url()}; leave it empty to use that one.")  # fmt: skip


def _check(
    row: AccountingConnection, values: dict[str, str], environment: dict[str, str]
) -> dict[str, str]:
    """A sentence per wrong field; fields the environment sets are not checked (not saved)."""
    provider, errors = row.provider, {}
    new_id = values["client_id"] and values["client_id"] != row.client_id
    if not values["client_id"]:
        errors["client_id"] = f"Enter the client ID of your app from {PORTAL[provider]}."
    elif new_id and row.status is ConnectionStatus.CONNECTED and row.client_id:
        errors["client_id"] = (f"{provider.label} is connected through the app {row.client_id}; "
                               "Disconnect first (its tokens belong to that app), then change "
                               "the client ID and Connect again.")  # fmt: skip
    if not values["client_secret"] and not row.client_secret_encrypted:
        errors["client_secret"] = f"Enter the client secret of your app from {PORTAL[provider]}."
    elif not values["client_secret"] and new_id:
        errors["client_secret"] = "A new client ID needs its own secret: enter that app's secret."
    if values["redirect_uri"] and (problem := _redirect_problem(values["redirect_uri"])):
        errors["redirect_uri"] = problem
    for field, limit in MAX_LENGTH.items():
        if len(values[field]) > limit and field not in errors:
            errors[field] = f"At most {limit} characters; check what was pasted."
    return {field: error for field, error in errors.items() if field not in environment}


def save_app_credentials(
    session: Session,
    actor: Actor,
    provider: Provider,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
) -> AppCredentialsView:
    """Store the fields the environment does not set; an empty secret keeps the stored one."""
    require(session, actor, Permission.MANAGE_SETTINGS, "change the accounting app credentials")
    row = connection_row(session, provider, lock=True)
    environment = _environment(provider)
    values = {"client_id": client_id.strip(), "client_secret": client_secret.strip(),
              "redirect_uri": redirect_uri.strip()}  # fmt: skip
    if errors := _check(row, values, environment):
        raise FieldErrors("invalid_app_credentials", errors)
    changed = [f for f in ("client_id", "redirect_uri")
               if f not in environment and values[f] != getattr(row, f)]  # fmt: skip
    for field in changed:
        setattr(row, field, values[field])
    if "client_secret" not in environment and values["client_secret"]:
        row.client_secret_encrypted = encrypt_secret(values["client_secret"], secret_key())
        changed.append("client_secret")
    if changed:
        session.add(row)
        said = f"{provider.label}: " + ", ".join(FIELD_NAMES[f] for f in changed)
        record_audit(session, actor, "accounting_app_credentials_saved", entity=ENTITY,
                     entity_id=row.id, details=said)  # fmt: skip
    return _view(row)
