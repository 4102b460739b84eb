"""Admin > Accounting: the whole OAuth connect flow in the browser, against the local Xero
and QuickBooks servers the app was started with."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in


def card(page: Page, provider: str):
    return page.get_by_test_id(provider)


def test_an_admin_connects_xero_and_quickbooks_through_their_consent_pages(
    page: Page, app_server, accounting_servers
) -> None:
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/accounting")
    xero = card(page, "xero")
    expect(xero.get_by_text("Not connected")).to_be_visible()
    snap(page, "admin-accounting-not-connected")

    app = page.get_by_test_id("xero-app")
    app.get_by_text("App credentials").click()
    expect(app.get_by_text("set by XERO_CLIENT_ID")).to_be_visible()
    expect(app.get_by_text("set by XERO_CLIENT_SECRET")).to_be_visible()
    callback = app_server.url + "/admin/accounting/callback"
    expect(app.get_by_text(f"Register exactly {callback} as the redirect URI")).to_be_visible()
    app.get_by_label("Redirect URI").fill(app_server.url + "/elsewhere")
    app.get_by_role("button", name="Save").click()
    expect(app.get_by_text("must be a whole http(s) address ending with")).to_be_visible()
    snap(page, "admin-accounting-app-credentials")
    app.get_by_label("Redirect URI").fill("")
    app.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the Xero app credentials.")).to_be_visible()

    exchanges = accounting_servers.xero.calls["POST token"]
    xero.get_by_role("button", name="Connect").click()
    expect(card(page, "xero").get_by_text("Connected to Demo MSP Srl")).to_be_visible(
        timeout=20_000
    )
    assert page.url.startswith(app_server.url + "/admin/accounting")
    assert accounting_servers.xero.calls["POST token"] == exchanges + 1  # the code, once

    card(page, "quickbooks").get_by_role("button", name="Connect").click()
    connected = re.compile(r"^Connected to ")
    expect(card(page, "quickbooks").get_by_text(connected)).to_be_visible(timeout=20_000)
    assert accounting_servers.qbo.calls["token"] >= 1
    expect(card(page, "quickbooks").get_by_role("button", name="Disconnect")).to_be_enabled()
    snap(page, "admin-accounting-connected")

    card(page, "xero").get_by_role("button", name="Disconnect").click()
    expect(card(page, "xero").get_by_text("Not connected", exact=True)).to_be_visible(
        timeout=20_000
    )
