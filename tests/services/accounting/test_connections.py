import datetime as dt

import pytest
from sqlmodel import select

from billing_app.config import secret_key
from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError
from billing_app.models import AccountingConnection, AuditEvent
from billing_app.services.accounting.connections import (
    access_for,
    choose_tenant,
    connection_views,
    disconnect,
    finish_connect,
    start_connect,
)
from billing_app.services.secret_box import decrypt_secret
from tests.services.accounting.conftest import consent

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS


def connect(session, admin, provider):
    callback = consent(start_connect(session, admin, provider))
    view = finish_connect(session, admin, callback["code"], callback["state"],
                          callback.get("realmId"))  # fmt: skip
    session.commit()
    return view


def row_of(session, provider) -> AccountingConnection:
    session.expire_all()
    return session.exec(
        select(AccountingConnection).where(AccountingConnection.provider == provider)
    ).one()


def stored_refresh_token(session, provider) -> str:
    return decrypt_secret(row_of(session, provider).refresh_token_encrypted, secret_key())


def test_connecting_xero_exchanges_the_code_and_picks_the_only_organisation(
    session, admin, xero_server
):
    view = connect(session, admin, XERO)
    assert view.status is ConnectionStatus.CONNECTED
    assert view.tenant_name == "Demo MSP Srl" and not view.needs_tenant
    row = row_of(session, XERO)
    assert row.tenant_id == xero_server.tenant.tenant_id
    assert row.oauth_state is None  # the state works once
    access = access_for(session, XERO)
    assert xero_server.tokens.access_valid(access.access_token)
    assert access.access_token not in row.access_token_encrypted  # encrypted at rest
    assert xero_server.calls["POST token"] == 1 and xero_server.calls["GET Connections"] == 1
    actions = session.exec(select(AuditEvent.action)).all()
    assert {"accounting_connect_started", "accounting_connected"} <= set(actions)


def test_connecting_quickbooks_records_the_realm_id(session, admin, qbo_server):
    view = connect(session, admin, QBO)
    assert view.status is ConnectionStatus.CONNECTED
    access = access_for(session, QBO)
    assert access.tenant_id == qbo_server.realm_id
    assert stored_refresh_token(session, QBO) in qbo_server.oauth.refresh_tokens


@pytest.mark.parametrize("provider", list(Provider))
def test_a_callback_with_another_state_is_refused_and_nothing_is_stored(session, admin, provider):
    callback = consent(start_connect(session, admin, provider))
    with pytest.raises(BillingError) as refused:
        finish_connect(session, admin, callback["code"], "forged-" + callback["state"],
                       callback.get("realmId"))  # fmt: skip
    assert refused.value.code == "oauth_state_mismatch"
    assert row_of(session, provider).refresh_token_encrypted is None


def test_a_state_older_than_fifteen_minutes_is_refused(session, admin):
    callback = consent(start_connect(session, admin, XERO))
    row = row_of(session, XERO)
    row.oauth_state_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.add(row)
    session.commit()
    with pytest.raises(BillingError, match="click Connect again"):
        finish_connect(session, admin, callback["code"], callback["state"])


def test_a_code_used_twice_is_refused_with_a_sentence(session, admin):
    callback = consent(start_connect(session, admin, XERO))
    finish_connect(session, admin, callback["code"], callback["state"])
    start_again = consent(start_connect(session, admin, XERO))
    with pytest.raises(BillingError) as refused:
        finish_connect(session, admin, callback["code"], start_again["state"])
    assert refused.value.code == "oauth_code_refused"


@pytest.mark.parametrize("provider", list(Provider))
def test_an_expired_access_token_is_refreshed_and_the_rotated_refresh_token_stored(
    session, admin, provider, xero_server, qbo_server
):
    connect(session, admin, provider)
    first_refresh = stored_refresh_token(session, provider)
    server = xero_server if provider is XERO else qbo_server
    server.expire_access_tokens()
    row = row_of(session, provider)
    row.token_expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)  # within margin
    session.add(row)
    session.commit()
    access = access_for(session, provider)
    session.rollback()  # the caller's work failing later must not lose the rotated token
    rotated = stored_refresh_token(session, provider)
    assert rotated != first_refresh
    assert row_of(session, provider).token_expires_at > dt.datetime.now(dt.UTC) + dt.timedelta(
        minutes=20
    )
    if provider is XERO:
        assert xero_server.tokens.access_valid(access.access_token)
        assert first_refresh in xero_server.tokens.used_refresh
    else:
        assert rotated in qbo_server.oauth.refresh_tokens
        assert first_refresh not in qbo_server.oauth.refresh_tokens
    assert access_for(session, provider).access_token == access.access_token  # no 2nd refresh


@pytest.mark.parametrize("provider", list(Provider))
def test_a_revoked_refresh_token_marks_the_connection_revoked_and_asks_to_reconnect(
    session, admin, provider, xero_server, qbo_server
):
    connect(session, admin, provider)
    refresh_token = stored_refresh_token(session, provider)
    if provider is XERO:
        xero_server.revoke(refresh_token)
    else:
        qbo_server.revoke_refresh_tokens(refresh_token)
    row = row_of(session, provider)
    row.token_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    session.add(row)
    session.commit()
    with pytest.raises(BillingError) as refused:
        access_for(session, provider)
    assert refused.value.code == "reconnect_needed"
    assert "was revoked" in refused.value.message and "Reconnect" in refused.value.message
    session.rollback()  # as the caller's transaction would: the status must survive
    row = row_of(session, provider)
    assert row.status is ConnectionStatus.REVOKED
    assert row.last_error.startswith(f"{provider.label} no longer accepts the saved sign-in (")
    assert "invalid_grant" in row.last_error and "{" not in row.last_error
    assert row.refresh_token_encrypted is None


def test_a_refresh_token_unused_for_longer_than_it_lives_shows_as_expired(
    session, admin, xero_server
):
    connect(session, admin, XERO)
    xero_server.revoke(stored_refresh_token(session, XERO))  # what Xero does after 60 days
    row = row_of(session, XERO)
    row.token_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=61)
    session.add(row)
    session.commit()
    with pytest.raises(BillingError, match="has expired"):
        access_for(session, XERO)
    assert row_of(session, XERO).status is ConnectionStatus.EXPIRED


@pytest.mark.parametrize("provider", list(Provider))
def test_disconnect_revokes_at_the_provider_and_forgets_the_tokens(
    session, admin, provider, xero_server, qbo_server
):
    connect(session, admin, provider)
    refresh_token = stored_refresh_token(session, provider)
    said = disconnect(session, admin, provider)
    session.commit()
    assert said == f"Disconnected from {provider.label}."
    if provider is XERO:
        assert refresh_token not in xero_server.tokens.refresh
    else:
        assert refresh_token not in qbo_server.oauth.refresh_tokens
    row = row_of(session, provider)
    assert row.status is ConnectionStatus.DISCONNECTED
    assert (row.access_token_encrypted, row.refresh_token_encrypted, row.tenant_id) == (
        None, None, None)  # fmt: skip
    with pytest.raises(BillingError, match="click Connect"):
        access_for(session, provider)


def test_a_failed_revocation_still_forgets_locally_and_says_so(session, admin, monkeypatch):
    connect(session, admin, XERO)
    monkeypatch.setenv("XERO_REVOKE_URL", "http://127.0.0.1:9/revocation")  # nothing listens
    said = disconnect(session, admin, XERO)
    assert "could not revoke" in said and "connected apps" in said
    assert row_of(session, XERO).refresh_token_encrypted is None


def test_several_organisations_wait_for_the_admin_to_choose(session, admin):
    connect(session, admin, XERO)
    row = row_of(session, XERO)
    row.tenant_id = row.tenant_name = None
    row.tenant_choices = [{"id": "t-1", "name": "North Srl"}, {"id": "t-2", "name": "South Srl"}]
    session.add(row)
    session.commit()
    assert connection_views(session, admin)[0].needs_tenant
    with pytest.raises(BillingError) as waiting:
        access_for(session, XERO)
    assert waiting.value.code == "tenant_not_chosen"
    with pytest.raises(BillingError, match="not one Xero gave access to"):
        choose_tenant(session, admin, XERO, "t-3")
    choose_tenant(session, admin, XERO, "t-2")
    view = connection_views(session, admin)[0]
    assert (view.tenant_name, view.needs_tenant) == ("South Srl", False)


@pytest.mark.parametrize(
    "verb",
    [
        lambda s, a: start_connect(s, a, XERO),
        lambda s, a: finish_connect(s, a, "code", "state"),
        lambda s, a: choose_tenant(s, a, XERO, "t"),
        lambda s, a: disconnect(s, a, XERO),
        lambda s, a: connection_views(s, a),
    ],
)
def test_only_who_manages_settings_may_touch_the_connections(session, clerk, verb):
    with pytest.raises(BillingError) as refused:
        verb(session, clerk)
    assert refused.value.code == "forbidden"
