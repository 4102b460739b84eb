"""Admin > Accounting: map Xero's sales account and tax codes, and see the empty export log."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in


def pick(page: Page, scope, label: str, option: str) -> None:
    scope.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_an_admin_maps_xero_and_the_choice_is_kept(page: Page, app_server, accounting_servers):
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/accounting")
    expect(page.get_by_text("No exports yet")).to_be_visible(timeout=20_000)
    page.get_by_test_id("xero").get_by_role("button", name="Connect").click()
    mappings = page.get_by_test_id("xero-mappings")
    expect(mappings.get_by_role("combobox", name="Sales account")).to_be_visible(timeout=20_000)

    mappings.get_by_role("button", name="Save mappings").click()  # nothing chosen yet
    expect(mappings.get_by_text("Choose where sales are booked in Xero.")).to_be_visible()
    snap(page, "admin-accounting-mappings-errors")

    pick(page, mappings, "Sales account", "Sales (200)")
    pick(page, mappings, "IVA 22% (22%)", "Standard 22% (OUTPUT2)")
    for rate in ("IVA 10% (10%)", "IVA 4% (4%)", "Esente (0%)"):
        pick(page, mappings, rate, "No VAT (NONE)")
    mappings.get_by_role("button", name="Save mappings").click()
    expect(page.get_by_text("Saved the Xero mappings.")).to_be_visible(timeout=20_000)

    page.reload()
    mappings = page.get_by_test_id("xero-mappings")
    sales = mappings.get_by_role("combobox", name="Sales account")
    expect(sales).to_have_text("Sales (200)", timeout=20_000)
    expect(mappings.get_by_role("combobox", name="IVA 22% (22%)")).to_have_text(
        "Standard 22% (OUTPUT2)"
    )
    expect(page.get_by_text("No exports yet")).to_be_visible()
    snap(page, "admin-accounting-mappings-saved")

    page.get_by_test_id("xero").get_by_role("button", name="Disconnect").click()
    expect(page.get_by_test_id("xero-mappings")).to_have_count(0, timeout=20_000)
