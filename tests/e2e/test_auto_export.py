"""Auto-export in the browser: an admin turns it on in Xero's Mappings form, a clerk saves a
batch, and the Batch page shows its invoices exported without anyone clicking Export."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in
from tests.e2e.test_accounting_mappings import pick

AUTO_EXPORT = "Export a batch's invoices automatically when it is saved"


def test_a_saved_batch_is_exported_to_xero_by_itself(
    page: Page, app_server, accounting_servers
) -> None:
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/accounting")
    page.get_by_test_id("xero").get_by_role("button", name="Connect").click()
    mappings = page.get_by_test_id("xero-mappings")
    expect(mappings.get_by_role("combobox", name="Sales account")).to_be_visible(timeout=20_000)
    pick(page, mappings, "Sales account", "Sales (200)")
    pick(page, mappings, "IVA 22% (22%)", "Standard 22% (OUTPUT2)")
    for rate in ("IVA 10% (10%)", "IVA 4% (4%)", "Esente (0%)"):
        pick(page, mappings, rate, "No VAT (NONE)")
    mappings.get_by_text(AUTO_EXPORT).click()
    mappings.get_by_role("button", name="Save mappings").click()
    expect(page.get_by_text("Saved the Xero mappings.")).to_be_visible(timeout=20_000)
    page.reload()
    auto = page.get_by_test_id("xero-mappings").get_by_role("checkbox")
    expect(auto.last).to_be_checked(timeout=20_000)

    page.context.clear_cookies()
    sign_in(page, app_server.url, "billing")
    invoice_calls = accounting_servers.xero.calls["PUT Invoices"]
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("Name")).not_to_have_value("")
    page.get_by_role("button", name="Preview").click()
    rows = page.get_by_test_id("preview-table").locator("tbody tr")
    expect(rows.first).to_be_visible(timeout=30_000)
    count = rows.count()
    page.get_by_role("button", name="Save batch").click()
    expect(page).to_have_url(re.compile(r"/billing/batches/\d+$"))
    panel = page.get_by_test_id("batch-export")
    expect(panel.get_by_role("heading")).to_have_text("Export to Xero", timeout=20_000)
    expect(panel.get_by_test_id("export-summary")).to_have_text(
        f"Exported {count} of {count} invoices to Xero.", timeout=90_000
    )
    expect(panel.get_by_test_id("export-result")).to_have_count(count)
    expect(page.get_by_test_id("batch-summary")).to_contain_text(f"{count} Exported")
    page.wait_for_timeout(500)  # the reload after the run has landed
    expect(page.get_by_text("That batch does not exist")).to_have_count(0)
    snap(page, "batch-auto-exported")
    assert accounting_servers.xero.calls["PUT Invoices"] == invoice_calls + 1
