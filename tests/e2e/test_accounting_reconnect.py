"""A refresh token revoked at Xero: the next call marks the connection Revoked, Admin >
Accounting says so with Reconnect, and Reconnect goes through the consent page again."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from billing_app.db import create_db_engine, session_scope
from billing_app.domain.accounting import Provider
from billing_app.models import AccountingConnection
from billing_app.services.secret_box import decrypt_secret
from tests.e2e.screenshots import snap
from tests.e2e.serving import SECRET_KEY
from tests.e2e.signing_in import sign_in


def revoke_at_xero(database_url: str, accounting_servers) -> None:
    """Xero forgets the stored refresh token, and the access token is due for a refresh."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        row = session.exec(
            select(AccountingConnection).where(AccountingConnection.provider == Provider.XERO)
        ).one()
        assert row.refresh_token_encrypted
        accounting_servers.xero.revoke(decrypt_secret(row.refresh_token_encrypted, SECRET_KEY))
        row.token_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        session.add(row)
    engine.dispose()


def test_a_revoked_xero_connection_asks_to_reconnect_and_reconnects(
    page: Page, app_server, accounting_servers
) -> None:
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/accounting")
    xero = page.get_by_test_id("xero")
    xero.get_by_role("button", name="Connect").click()
    expect(xero.get_by_text("Connected to Demo MSP Srl")).to_be_visible(timeout=20_000)
    revoke_at_xero(app_server.database_url, accounting_servers)

    page.goto(app_server.url + "/billing")
    page.get_by_test_id("sync-payments").click()
    expect(page.get_by_text(re.compile(r"was revoked"))).to_be_visible(timeout=30_000)

    page.goto(app_server.url + "/admin/accounting")
    expect(xero.get_by_text("Revoked: Reconnect")).to_be_visible(timeout=20_000)
    reconnect = xero.get_by_role("button", name="Reconnect")
    expect(reconnect).to_be_visible()
    snap(page, "admin-accounting-revoked")
    reconnect.click()
    expect(xero.get_by_text("Connected to Demo MSP Srl")).to_be_visible(timeout=20_000)
