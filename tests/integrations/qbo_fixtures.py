"""pytest fixtures and helpers that point the official Intuit SDKs at the QuickBooks test server.

intuit-oauth takes the discovery URL as its `environment`; python-quickbooks takes the API
root through `api_url_v3` (the instance attribute wins over the class one). requests-oauthlib
refuses http:// URLs unless OAUTHLIB_INSECURE_TRANSPORT=1, which the fixture sets for the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from quickbooks import QuickBooks

from tests.integrations.qbo_server import QboServer

REDIRECT_URI = "http://127.0.0.1:9/accounting/quickbooks/callback"
MINOR_VERSION = 75


@pytest.fixture
def qbo_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[QboServer]:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with QboServer() as server:
        yield server


def auth_client(server: QboServer, **tokens: str) -> AuthClient:
    return AuthClient(
        server.oauth.client_id,
        server.oauth.client_secret,
        REDIRECT_URI,
        server.discovery_url,
        **tokens,
    )


def approve(client: AuthClient, state: str = "state-from-the-app") -> dict[str, str]:
    """Follow the authorization URL as a browser would: the callback's query parameters."""
    url = client.get_authorization_url([Scopes.ACCOUNTING], state_token=state)
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(client.redirect_uri + "?")
    return dict(parse_qsl(urlsplit(location).query))


def connect(server: QboServer) -> AuthClient:
    """An AuthClient that went through the whole code exchange: tokens and realm id set."""
    client = auth_client(server)
    callback = approve(client)
    client.get_bearer_token(callback["code"], realm_id=callback["realmId"])
    return client


def quickbooks(server: QboServer, client: AuthClient) -> QuickBooks:
    qb = QuickBooks(
        auth_client=client,
        refresh_token=client.refresh_token,
        company_id=client.realm_id,
        minorversion=MINOR_VERSION,
    )
    qb.api_url_v3 = server.api_url
    return qb


@pytest.fixture
def qb(qbo_server: QboServer) -> QuickBooks:
    """A python-quickbooks client connected to the test server's company."""
    return quickbooks(qbo_server, connect(qbo_server))
