import base64
import datetime as dt
import hashlib
from urllib.parse import parse_qs, urlsplit

from billing_app.integrations.oauth import (
    authorization_url,
    needs_refresh,
    new_pkce,
    new_state,
    state_matches,
    token_expires_at,
)

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def test_the_authorization_url_carries_client_redirect_scopes_and_state():
    url = authorization_url("https://login.xero.com/identity/connect/authorize",
                            client_id="app", redirect_uri="http://localhost:3000/oauth/xero",
                            scopes="openid offline_access", state="s-1")  # fmt: skip
    parts = urlsplit(url)
    assert parts.netloc == "login.xero.com"
    assert parse_qs(parts.query) == {
        "response_type": ["code"], "client_id": ["app"], "scope": ["openid offline_access"],
        "redirect_uri": ["http://localhost:3000/oauth/xero"], "state": ["s-1"],
    }  # fmt: skip


def test_pkce_sends_the_s256_challenge_of_the_verifier():
    pkce = new_pkce("v" * 50)
    expected = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 50).digest()).rstrip(b"=").decode()
    assert pkce.challenge == expected
    url = authorization_url("http://127.0.0.1:9/authorize?tenant=x", client_id="a",
                            redirect_uri="r", scopes="s", state="t", pkce=pkce)  # fmt: skip
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge"] == [expected] and query["code_challenge_method"] == ["S256"]
    assert query["tenant"] == ["x"]
    assert len(new_pkce().verifier) >= 43


def test_states_are_random_and_only_the_issued_one_matches():
    state = new_state()
    assert state != new_state() and len(state) >= 32
    assert state_matches(state, state)
    assert not state_matches(state, state[:-1] + "x")
    assert not state_matches(state, None) and not state_matches(None, None)
    assert not state_matches("", "")


def test_a_token_is_refreshed_when_it_expires_within_five_minutes():
    expires = token_expires_at(NOW, 1800)
    assert expires == NOW + dt.timedelta(minutes=30)
    assert not needs_refresh(expires, NOW + dt.timedelta(minutes=24, seconds=59))
    assert needs_refresh(expires, NOW + dt.timedelta(minutes=25))
    assert needs_refresh(expires, NOW + dt.timedelta(hours=1))
    assert needs_refresh(None, NOW)
