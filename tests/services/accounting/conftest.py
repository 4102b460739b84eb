"""Accounting tests: the Xero and QuickBooks test servers, and the app's settings pointing at
them (the same environment variables an admin would set)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from sqlmodel import Session

from billing_app.domain.roles import Role
from billing_app.services.actor import Actor
from tests import factories
from tests.integrations.conftest import pytest_configure, xero_server, xero_specs  # noqa: F401
from tests.integrations.qbo_fixtures import qbo_server  # noqa: F401
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer

SECRET_KEY = "accounting-tests-" + "k" * 40
REDIRECT_URI = "http://127.0.0.1:9/admin/accounting/callback"


def provider_env(xero: XeroServer, qbo: QboServer) -> dict[str, str]:
    """The settings that point the app at both test servers (also used by the e2e tests)."""
    return {
        "XERO_API_URL": xero.api_url,
        "XERO_IDENTITY_URL": xero.url + "/identity",
        "XERO_AUTHORIZE_URL": xero.authorize_url,
        "XERO_CONNECTIONS_URL": xero.url + "/connections",
        "XERO_CLIENT_ID": xero.tokens.client_id,
        "XERO_CLIENT_SECRET": xero.tokens.client_secret,
        "QBO_API_URL": qbo.url,
        "QBO_DISCOVERY_URL": qbo.discovery_url,
        "QBO_CLIENT_ID": qbo.oauth.client_id,
        "QBO_CLIENT_SECRET": qbo.oauth.client_secret,
        "OAUTHLIB_INSECURE_TRANSPORT": "1",
    }


@pytest.fixture(autouse=True)
def providers(
    monkeypatch: pytest.MonkeyPatch,
    xero_server: XeroServer,  # noqa: F811
    qbo_server: QboServer,  # noqa: F811
) -> None:
    env = provider_env(xero_server, qbo_server) | {
        "BILLING_SECRET_KEY": SECRET_KEY,
        "XERO_REDIRECT_URI": REDIRECT_URI,
        "QBO_REDIRECT_URI": REDIRECT_URI,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def admin(session: Session) -> Actor:
    return factories.actor(factories.user(session, Role.ADMIN))


@pytest.fixture
def clerk(session: Session, admin: Actor) -> Actor:
    clerk = factories.actor(factories.user(session, Role.BILLING))
    session.commit()  # a refusal is audited in its own transaction
    return clerk


def consent(authorization_url: str) -> dict[str, str]:
    """The admin approves on the provider's page: the callback's query parameters."""
    answer = requests.get(authorization_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?"), location
    return dict(parse_qsl(urlsplit(location).query))
