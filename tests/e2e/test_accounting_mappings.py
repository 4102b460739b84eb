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
    for combobox in mappings.get_by_role("combobox").all():
        name = combobox.get_attribute("aria-label") or ""
        if name.startswith("IVA 22%"):
            pick(page, mappings, name, "Standard 22% (OUTPUT2)")
        elif name not in ("Sales account", "Payment account", "Export invoices as") and (
            "%" in name or "Esente" in name
        ):
            pick(page, mappings, name, "No VAT (NONE)")
    mappings.get_by_role("button", name="Save mappings").click()
    expect(page.get_by_text("Saved the Xero mappings.")).to_be_visible(timeout=20_000)

    page.reload()
    mappings = page.get_by_test_id("xero-mappings")
    sales = mappings.get_by_role("combobox", name="Sales account")
    expect(sales).to_have_text("Sales (200)", timeout=20_000)
    expect(page.get_by_text("No exports yet")).to_be_visible()
    snap(page, "admin-accounting-mappings-saved")
