"""The Xero test server's identity side (consent, tokens, tenants) behaves like Xero's."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from requests_oauthlib import OAuth2Session
from xero_python.exceptions import HTTPStatusException

from tests.integrations.xero_client import XeroSdk
from tests.integrations.xero_server import XeroServer

T = TypeVar("T")
D = Decimal
REDIRECT = "http://127.0.0.1:9/xero/callback"


# -- identity -------------------------------------------------------------------------------
def test_consent_redirects_with_a_code_that_buys_tokens_once(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    session = OAuth2Session(
        xero_server.tokens.client_id,
        redirect_uri=REDIRECT,
        scope=["openid", "offline_access", "accounting.transactions"],
    )
    url, state = session.authorization_url(xero_server.authorize_url)
    consent = requests.get(url, allow_redirects=False, timeout=5)
    assert consent.status_code == 302
    location = consent.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    assert parse_qs(urlsplit(location).query)["state"] == [state]

    token = session.fetch_token(
        xero_server.token_url,
        authorization_response=location,
        client_secret=xero_server.tokens.client_secret,
    )
    assert token["refresh_token"] and token["expires_in"] == 1800
    xero_sdk.token = dict(token)
    assert [c.tenant_id for c in xero_sdk.identity.get_connections()] == [xero_sdk.tenant]

    code = parse_qs(urlsplit(location).query)["code"][0]
    again = requests.post(
        xero_server.token_url,
        timeout=5,
        auth=xero_server_client(xero_server),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
    )
    assert (again.status_code, again.json()) == (400, {"error": "invalid_grant"})


def xero_server_client(server: XeroServer) -> tuple[str, str]:
    return server.tokens.client_id, server.tokens.client_secret


def test_token_endpoint_refuses_a_wrong_client_secret(xero_server: XeroServer) -> None:
    answer = requests.post(
        xero_server.token_url,
        auth=(xero_server.tokens.client_id, "wrong"),
        data={"grant_type": "refresh_token", "refresh_token": "x"},
        timeout=5,
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_client"})


def test_authorize_refuses_an_unknown_client(xero_server: XeroServer) -> None:
    answer = requests.get(
        xero_server.authorize_url,
        allow_redirects=False,
        timeout=5,
        params={
            "response_type": "code",
            "client_id": "someone-else",
            "redirect_uri": REDIRECT,
            "scope": "openid",
            "state": "s",
        },
    )
    assert answer.status_code == 400


def test_refresh_rotates_the_refresh_token_and_retires_the_old_one(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    old, old_access = xero_sdk.token["refresh_token"], xero_sdk.token["access_token"]
    new = xero_sdk.client.refresh_oauth2_token()
    assert new["refresh_token"] != old and new["access_token"] != old_access
    reuse = requests.post(
        xero_server.token_url,
        auth=xero_server_client(xero_server),
        data={"grant_type": "refresh_token", "refresh_token": old},
        timeout=5,
    )
    assert (reuse.status_code, reuse.json()) == (400, {"error": "invalid_grant"})
    assert xero_sdk.identity.get_connections()[0].tenant_id == xero_sdk.tenant


def test_a_revoked_refresh_token_gives_invalid_grant(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    refresh_token = xero_sdk.token["refresh_token"]
    xero_sdk.client.revoke_oauth2_token()
    assert xero_sdk.token["refresh_token"] is None
    answer = requests.post(
        xero_server.token_url,
        auth=xero_server_client(xero_server),
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        timeout=5,
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})


def test_an_expired_access_token_answers_401_until_refreshed(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    xero_server.expire_access_tokens()
    with pytest.raises(HTTPStatusException) as refused:
        xero_sdk.accounting.get_contacts(xero_sdk.tenant)
    assert refused.value.status == 401
    xero_sdk.client.refresh_oauth2_token()
    assert xero_sdk.accounting.get_contacts(xero_sdk.tenant).contacts == []


def test_another_tenant_is_forbidden(xero_sdk: XeroSdk) -> None:
    with pytest.raises(HTTPStatusException) as refused:
        xero_sdk.accounting.get_invoices("6f0c2a6e-0000-4000-8000-000000000000")
    assert refused.value.status == 403
