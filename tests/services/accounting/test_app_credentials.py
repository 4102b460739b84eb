import datetime as dt

import pytest
from sqlmodel import select

from billing_app.config import secret_key
from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.models import AccountingConnection, AuditEvent
from billing_app.services.accounting.app_credentials import (
    app_credentials_view,
    app_endpoints,
    save_app_credentials,
)
from billing_app.services.accounting.connections import (
    access_for,
    disconnect,
    finish_connect,
    start_connect,
)
from billing_app.services.secret_box import decrypt_secret
from tests.services.accounting.conftest import REDIRECT_URI, consent

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS
PREFIX = {XERO: "XERO", QBO: "QBO"}
PUBLIC_URL = "https://billing.example.com"
DEFAULT_CALLBACK = PUBLIC_URL + "/admin/accounting/callback"


@pytest.fixture(autouse=True)
def public_url(monkeypatch):
    monkeypatch.setenv("BILLING_PUBLIC_URL", PUBLIC_URL)


def unset(monkeypatch, provider, *fields):
    for field in fields:
        monkeypatch.delenv(f"{PREFIX[provider]}_{field.upper()}")


def no_app_in_environment(monkeypatch, provider):
    unset(monkeypatch, provider, "client_id", "client_secret", "redirect_uri")


def row_of(session, provider) -> AccountingConnection:
    session.expire_all()
    return session.exec(
        select(AccountingConnection).where(AccountingConnection.provider == provider)
    ).one()


def server_app(provider, xero_server, qbo_server) -> tuple[str, str]:
    if provider is XERO:
        return xero_server.tokens.client_id, xero_server.tokens.client_secret
    return qbo_server.oauth.client_id, qbo_server.oauth.client_secret


def save(session, actor, provider=XERO, client_id="app-1", secret="secret-1", redirect=""):
    view = save_app_credentials(session, actor, provider, client_id, secret, redirect)
    session.commit()
    return view


def connect(session, admin, provider):
    callback = consent(start_connect(session, admin, provider))
    finish_connect(session, admin, callback["code"], callback["state"], callback.get("realmId"))
    session.commit()


def test_stored_credentials_are_used_when_the_environment_sets_none(session, admin, monkeypatch):
    no_app_in_environment(monkeypatch, XERO)
    save(session, admin, client_id="stored-id", secret="stored-secret",
         redirect="https://other.example.com/admin/accounting/callback")  # fmt: skip
    endpoints = app_endpoints(row_of(session, XERO))
    assert (endpoints.client_id, endpoints.client_secret) == ("stored-id", "stored-secret")
    assert endpoints.redirect_uri == "https://other.example.com/admin/accounting/callback"


def test_an_environment_variable_wins_over_the_stored_value(session, admin, monkeypatch):
    no_app_in_environment(monkeypatch, XERO)
    save(session, admin, client_id="stored-id", secret="stored-secret",
         redirect="https://other.example.com/admin/accounting/callback")  # fmt: skip
    monkeypatch.setenv("XERO_CLIENT_ID", "env-id")
    monkeypatch.setenv("XERO_REDIRECT_URI", "https://env.example.com/admin/accounting/callback")
    endpoints = app_endpoints(row_of(session, XERO))
    assert (endpoints.client_id, endpoints.client_secret, endpoints.redirect_uri) == (
        "env-id", "stored-secret", "https://env.example.com/admin/accounting/callback")  # fmt: skip
    view = app_credentials_view(session, admin, XERO)
    assert view.environment == {"client_id": "XERO_CLIENT_ID", "redirect_uri": "XERO_REDIRECT_URI"}
    assert view.client_id == "env-id" and view.redirect_uri_in_use.startswith("https://env.")


def test_the_redirect_uri_falls_back_to_the_default_callback(session, admin, monkeypatch):
    no_app_in_environment(monkeypatch, QBO)
    view = save(session, admin, QBO, redirect="")
    assert app_endpoints(row_of(session, QBO)).redirect_uri == DEFAULT_CALLBACK
    assert view.redirect_uri == "" and view.redirect_uri_in_use == DEFAULT_CALLBACK
    assert view.default_redirect_uri == DEFAULT_CALLBACK


def test_fields_set_by_the_environment_are_not_stored(session, admin):
    view = save(session, admin, client_id="typed-id", secret="typed-secret",
                redirect="https://typed.example.com/admin/accounting/callback")  # fmt: skip
    row = row_of(session, XERO)
    assert row.client_id == "" and row.client_secret_encrypted is None and row.redirect_uri == ""
    assert set(view.environment) == {"client_id", "client_secret", "redirect_uri"}
    assert view.ready


def test_the_secret_is_encrypted_at_rest_and_never_in_the_view(session, admin, monkeypatch):
    no_app_in_environment(monkeypatch, XERO)
    view = save(session, admin, secret="very-secret-value")
    stored = row_of(session, XERO).client_secret_encrypted
    assert "very-secret-value" not in stored
    assert decrypt_secret(stored, secret_key()) == "very-secret-value"
    assert view.secret_stored and "very-secret-value" not in repr(view)
    assert "very-secret-value" not in repr(app_credentials_view(session, admin, XERO))


def test_a_blank_secret_keeps_the_stored_one(session, admin, monkeypatch):
    no_app_in_environment(monkeypatch, XERO)
    save(session, admin, secret="first-secret")
    save(session, admin, secret="", redirect=DEFAULT_CALLBACK)
    row = row_of(session, XERO)
    assert decrypt_secret(row.client_secret_encrypted, secret_key()) == "first-secret"
    assert row.redirect_uri == DEFAULT_CALLBACK
    details = session.exec(select(AuditEvent.details).where(
        AuditEvent.action == "accounting_app_credentials_saved")).all()  # fmt: skip
    assert details == ["Xero: client ID, client secret", "Xero: redirect URI"]


@pytest.mark.parametrize(
    ("client_id", "secret", "redirect", "field", "sentence"),
    [
        ("", "s", "", "client_id", "Enter the client ID of your app from developer.xero.com"),
        ("app-1", "", "", "client_secret", "Enter the client secret of your app"),
        ("app-1", "s", "ftp://billing.example.com/admin/accounting/callback", "redirect_uri",
         "must be a whole http(s) address ending with /admin/accounting/callback"),
        ("app-1", "s", "/admin/accounting/callback", "redirect_uri", "leave it empty to use"),
        ("app-1", "s", "https://billing.example.com/oauth", "redirect_uri",
         f"e.g. {DEFAULT_CALLBACK}"),
        ("x" * 201, "s", "", "client_id", "At most 200 characters"),
    ],
)  # fmt: skip
def test_a_wrong_field_is_named_in_a_sentence_and_nothing_is_saved(
    session, admin, monkeypatch, client_id, secret, redirect, field, sentence
):
    no_app_in_environment(monkeypatch, XERO)
    with pytest.raises(FieldErrors) as refused:
        save_app_credentials(session, admin, XERO, client_id, secret, redirect)
    session.rollback()
    assert list(refused.value.fields) == [field]
    assert sentence in refused.value.fields[field]
    row = session.exec(select(AccountingConnection)).first()
    assert row is None or (row.client_id, row.client_secret_encrypted) == ("", None)


def test_only_an_admin_sees_or_changes_the_app_credentials(session, clerk):
    with pytest.raises(BillingError) as refused:
        save_app_credentials(session, clerk, XERO, "app-1", "secret-1", "")
    assert refused.value.code == "forbidden"
    with pytest.raises(BillingError, match="cannot see the accounting app credentials"):
        app_credentials_view(session, clerk, XERO)


def test_connect_is_refused_with_a_sentence_while_the_app_is_unknown(session, admin, monkeypatch):
    no_app_in_environment(monkeypatch, XERO)
    assert not app_credentials_view(session, admin, XERO).ready
    with pytest.raises(BillingError) as refused:
        start_connect(session, admin, XERO)
    assert refused.value.code == "app_credentials_missing"
    assert "enter the client ID and secret" in refused.value.message


@pytest.mark.parametrize("provider", list(Provider))
def test_connect_refresh_and_disconnect_work_with_stored_credentials(
    session, admin, monkeypatch, provider, xero_server, qbo_server
):
    unset(monkeypatch, provider, "client_id", "client_secret", "redirect_uri")
    client_id, secret = server_app(provider, xero_server, qbo_server)
    assert save(session, admin, provider, client_id, secret, REDIRECT_URI).ready
    connect(session, admin, provider)
    row = row_of(session, provider)
    assert row.status is ConnectionStatus.CONNECTED
    row.token_expires_at = dt.datetime.now(dt.UTC)  # the next call refreshes
    session.add(row)
    session.commit()
    access = access_for(session, provider)
    if provider is XERO:
        assert xero_server.tokens.access_valid(access.access_token)
    assert disconnect(session, admin, provider).startswith("Disconnected from")


def test_changing_the_client_id_while_connected_is_refused(
    session, admin, monkeypatch, xero_server
):
    unset(monkeypatch, XERO, "client_id", "client_secret")
    tokens = xero_server.tokens
    save(session, admin, client_id=tokens.client_id, secret=tokens.client_secret)
    connect(session, admin, XERO)
    with pytest.raises(FieldErrors) as refused:
        save_app_credentials(session, admin, XERO, "another-app", "another-secret", "")
    session.rollback()
    assert "Disconnect first" in refused.value.fields["client_id"]
    assert row_of(session, XERO).client_id == tokens.client_id
    save(session, admin, client_id=tokens.client_id, secret="rotated-secret")  # same app: fine
    disconnect(session, admin, XERO)
    session.commit()
    assert save(session, admin, client_id="another-app", secret="another-secret").client_id == (
        "another-app"
    )


def test_a_new_client_id_needs_its_own_secret(session, admin, monkeypatch):
    no_app_in_environment(monkeypatch, XERO)
    save(session, admin, client_id="app-1", secret="secret-1")
    with pytest.raises(FieldErrors) as refused:
        save_app_credentials(session, admin, XERO, "app-2", "", "")
    assert "A new client ID needs its own secret" in refused.value.fields["client_secret"]
