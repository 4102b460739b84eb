"""The QuickBooks test server's Intuit OAuth2, driven through intuit-oauth's AuthClient."""

from __future__ import annotations

import pytest
import requests
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError
from quickbooks.exceptions import AuthorizationException
from quickbooks.objects.customer import Customer

from tests.integrations.qbo_fixtures import (
    REDIRECT_URI,
    approve,
    auth_client,
    connect,
    qbo_server,
    quickbooks,
)
from tests.integrations.qbo_server import QboServer

__all__ = ["qbo_server"]


def test_code_exchange_gives_tokens_and_the_realm_id(qbo_server: QboServer) -> None:
    client = auth_client(qbo_server)
    callback = approve(client, state="csrf-42")
    client.get_bearer_token(callback["code"], realm_id=callback["realmId"])

    assert callback["state"] == "csrf-42"
    assert client.realm_id == qbo_server.realm_id
    assert client.access_token and client.refresh_token
    assert client.expires_in == 3600
    assert client.token_endpoint == f"{qbo_server.url}/oauth2/v1/tokens/bearer"
    assert qbo_server.calls["discovery"] == 1 and qbo_server.calls["token"] == 1


def test_an_authorization_code_works_once(qbo_server: QboServer) -> None:
    client = auth_client(qbo_server)
    code = approve(client)["code"]
    client.get_bearer_token(code)

    with pytest.raises(AuthClientError) as refused:
        client.get_bearer_token(code)
    assert refused.value.status_code == 400
    assert refused.value.response.json() == {"error": "invalid_grant"}


def test_authorize_refuses_an_unregistered_redirect_uri_and_reports_a_denial(
    qbo_server: QboServer,
) -> None:
    qbo_server.oauth.redirect_uris = {"http://127.0.0.1:9/elsewhere"}
    url = auth_client(qbo_server).get_authorization_url([], state_token="s")
    assert requests.get(url, allow_redirects=False, timeout=5).status_code == 400

    qbo_server.oauth.redirect_uris = {REDIRECT_URI}
    qbo_server.oauth.deny_next = True
    client = auth_client(qbo_server)
    answer = requests.get(
        client.get_authorization_url([Scopes.ACCOUNTING], state_token="s"),
        allow_redirects=False,
        timeout=5,
    )
    assert answer.headers["Location"] == f"{REDIRECT_URI}?error=access_denied&state=s"


def test_a_wrong_client_secret_is_invalid_client(qbo_server: QboServer) -> None:
    client = connect(qbo_server)
    client.client_secret = "not-the-secret"
    with pytest.raises(AuthClientError) as refused:
        client.refresh()
    assert refused.value.status_code == 401
    assert refused.value.response.json() == {"error": "invalid_client"}


def test_refresh_rotates_the_refresh_token_and_the_old_one_is_refused(
    qbo_server: QboServer,
) -> None:
    client = connect(qbo_server)
    first_access, first_refresh = client.access_token, client.refresh_token

    client.refresh()

    assert client.refresh_token != first_refresh and client.access_token != first_access
    assert qbo_server.oauth.refresh_tokens == [client.refresh_token]
    with pytest.raises(AuthClientError) as refused:
        client.refresh(refresh_token=first_refresh)
    assert refused.value.response.json() == {"error": "invalid_grant"}


@pytest.mark.parametrize("revoked_by", ["the app", "the server"])
def test_a_revoked_refresh_token_answers_invalid_grant(
    qbo_server: QboServer, revoked_by: str
) -> None:
    client = connect(qbo_server)
    token = client.refresh_token
    if revoked_by == "the app":
        assert client.revoke(token=token) is True
    else:
        qbo_server.revoke_refresh_tokens(token)

    with pytest.raises(AuthClientError) as refused:
        client.refresh(refresh_token=token)
    assert refused.value.status_code == 400
    assert refused.value.response.json() == {"error": "invalid_grant"}


def test_an_expired_access_token_gets_the_qbo_401_until_refreshed(qbo_server: QboServer) -> None:
    client = connect(qbo_server)
    qbo_server.expire_access_tokens()

    with pytest.raises(AuthorizationException) as refused:
        Customer.all(qb=quickbooks(qbo_server, client))
    assert refused.value.error_code == 401
    assert '"code": "3200"' in refused.value.detail
    assert "AuthenticationFailed" in refused.value.detail

    client.refresh()
    assert Customer.all(qb=quickbooks(qbo_server, client)) == []


def test_access_tokens_expire_after_the_configured_lifetime(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    clock = [1000.0]
    with QboServer(access_token_ttl=60) as server:
        server.oauth.clock = lambda: clock[0]
        qb = quickbooks(server, connect(server))
        assert Customer.all(qb=qb) == []
        clock[0] += 61
        with pytest.raises(AuthorizationException):
            Customer.all(qb=qb)


def test_revoking_a_refresh_token_also_kills_its_access_token(qbo_server: QboServer) -> None:
    client = connect(qbo_server)
    qb = quickbooks(qbo_server, client)
    client.revoke()
    with pytest.raises(AuthorizationException):
        Customer.all(qb=qb)
