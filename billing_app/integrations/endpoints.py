"""Xero and QuickBooks Online endpoints and app credentials: configuration, not constants.

Every URL defaults to the real provider's (as the installed SDKs have them) and can point at a
sandbox, a proxy or a local test server without code changes. Setting XERO_IDENTITY_URL alone
moves the token and revocation endpoints with it (`<identity>/connect/token`, `.../revocation`).
QBO_SANDBOX=1 switches the QuickBooks defaults to Intuit's sandbox. The redirect URI defaults to
the app's own callback: BILLING_PUBLIC_URL (default http://localhost:$BILLING_PORT) + CALLBACK_PATH.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from billing_app.config import ConfigError

XERO_API_URL = "https://api.xero.com/api.xro/2.0"
XERO_IDENTITY_URL = "https://identity.xero.com"
XERO_AUTHORIZE_URL = "https://login.xero.com/identity/connect/authorize"
XERO_CONNECTIONS_URL = "https://api.xero.com/connections"
XERO_SCOPES = (
    "openid profile email offline_access accounting.transactions accounting.contacts "
    "accounting.settings.read"
)
QBO_API_URL = "https://quickbooks.api.intuit.com"
QBO_SANDBOX_API_URL = "https://sandbox-quickbooks.api.intuit.com"
QBO_DISCOVERY_URL = "https://developer.intuit.com/.well-known/openid_configuration/"
QBO_SANDBOX_DISCOVERY_URL = "https://developer.intuit.com/.well-known/openid_sandbox_configuration/"
QBO_SCOPES = "com.intuit.quickbooks.accounting"
CONNECTIONS_PATH = "/connections"
CALLBACK_PATH = "/admin/accounting/callback"  # routes.ADMIN_ACCOUNTING_CALLBACK


@dataclass(frozen=True)
class XeroEndpoints:
    api_url: str  # AccountingApi(api_client, base_url=...)
    identity_url: str
    authorize_url: str
    token_url: str  # TokenApi.refresh_token_url and the code exchange
    revoke_url: str
    connections_url: str
    scopes: str
    client_id: str
    client_secret: str
    redirect_uri: str

    @property
    def identity_api_url(self) -> str:
        """IdentityApi(..., base_url=...): the SDK appends /connections itself."""
        return self.connections_url.removesuffix(CONNECTIONS_PATH)


@dataclass(frozen=True)
class QuickBooksEndpoints:
    api_url: str
    discovery_url: str  # intuit-oauth's `environment` takes a discovery URL too
    sandbox: bool
    scopes: str
    client_id: str
    client_secret: str
    redirect_uri: str

    @property
    def api_url_v3(self) -> str:
        """QuickBooks.api_url_v3 of python-quickbooks."""
        return f"{self.api_url}/v3"


def _value(environ: Mapping[str, str], name: str, default: str = "") -> str:
    return environ.get(name, "").strip() or default


def _url(environ: Mapping[str, str], name: str, default: str) -> str:
    """The variable's URL without a trailing slash (kept for discovery documents)."""
    url = _value(environ, name, default)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name} '{url}' is not an http(s) URL; use e.g. {default}.")
    return url if name.endswith("DISCOVERY_URL") else url.rstrip("/")


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = _value(environ, name, "0").lower()
    if raw not in ("0", "1", "true", "false", "yes", "no"):
        raise ConfigError(f"{name} '{raw}' is not a yes/no value; use 1 or 0.")
    return raw in ("1", "true", "yes")


def callback_url(environ: Mapping[str, str] = os.environ) -> str:
    """The OAuth redirect URI both providers send the admin back to."""
    port = _value(environ, "BILLING_PORT", "3000")
    public = _url(environ, "BILLING_PUBLIC_URL", f"http://localhost:{port}")
    return public + CALLBACK_PATH


def xero_endpoints(environ: Mapping[str, str] = os.environ) -> XeroEndpoints:
    identity = _url(environ, "XERO_IDENTITY_URL", XERO_IDENTITY_URL)
    connections = _url(environ, "XERO_CONNECTIONS_URL", XERO_CONNECTIONS_URL)
    if not connections.endswith(CONNECTIONS_PATH):
        raise ConfigError(
            f"XERO_CONNECTIONS_URL '{connections}' must end with {CONNECTIONS_PATH}; "
            f"use e.g. {XERO_CONNECTIONS_URL}."
        )
    return XeroEndpoints(
        api_url=_url(environ, "XERO_API_URL", XERO_API_URL),
        identity_url=identity,
        authorize_url=_url(environ, "XERO_AUTHORIZE_URL", XERO_AUTHORIZE_URL),
        token_url=_url(environ, "XERO_TOKEN_URL", f"{identity}/connect/token"),
        revoke_url=_url(environ, "XERO_REVOKE_URL", f"{identity}/connect/revocation"),
        connections_url=connections,
        scopes=_value(environ, "XERO_SCOPES", XERO_SCOPES),
        client_id=_value(environ, "XERO_CLIENT_ID"),
        client_secret=_value(environ, "XERO_CLIENT_SECRET"),
        redirect_uri=_value(environ, "XERO_REDIRECT_URI") or callback_url(environ),
    )


def quickbooks_endpoints(environ: Mapping[str, str] = os.environ) -> QuickBooksEndpoints:
    sandbox = _flag(environ, "QBO_SANDBOX")
    api_default = QBO_SANDBOX_API_URL if sandbox else QBO_API_URL
    discovery_default = QBO_SANDBOX_DISCOVERY_URL if sandbox else QBO_DISCOVERY_URL
    api_url = _url(environ, "QBO_API_URL", api_default)
    if api_url.endswith("/v3"):
        raise ConfigError(
            f"QBO_API_URL '{api_url}' ends with /v3; leave it out (use e.g. {api_default})."
        )
    return QuickBooksEndpoints(
        api_url=api_url,
        discovery_url=_url(environ, "QBO_DISCOVERY_URL", discovery_default),
        sandbox=sandbox,
        scopes=_value(environ, "QBO_SCOPES", QBO_SCOPES),
        client_id=_value(environ, "QBO_CLIENT_ID"),
        client_secret=_value(environ, "QBO_CLIENT_SECRET"),
        redirect_uri=_value(environ, "QBO_REDIRECT_URI") or callback_url(environ),
    )
