"""Export batch to QuickBooks Online in the browser: connect through the consent page of the
local QuickBooks server, map in the Mappings form, export, and count the server's batch calls."""

from __future__ import annotations

import math
import re

from playwright.sync_api import Page, expect

from billing_app.domain.status import InvoiceStatus
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in
from tests.e2e.test_export import a_batch, statuses

QBO_BATCH_LIMIT = 30  # operations per QuickBooks batch call
TAX_CODES = {"IVA 22% (22%)": "22% IVA", "IVA 10% (10%)": "10% IVA", "IVA 4% (4%)": "Exempt",
             "Esente (0%)": "Exempt"}  # fmt: skip


def pick(page: Page, scope, label: str, option_name: str) -> None:
    """QuickBooks choices read "Name (Id)", and the ids depend on the company."""
    scope.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=re.compile(rf"^{re.escape(option_name)} \(\d+\)$")).click()


def connect_and_map_quickbooks(page: Page, app_url: str, *, auto_export: bool = False) -> None:
    """As an admin would: Connect on Admin > Accounting, then fill and save the Mappings form."""
    page.goto(app_url + "/admin/accounting")
    page.get_by_test_id("quickbooks").get_by_role("button", name="Connect").click()
    connected = page.get_by_test_id("quickbooks").get_by_text(re.compile(r"^Connected to "))
    expect(connected).to_be_visible(timeout=20_000)
    mappings = page.get_by_test_id("quickbooks-mappings")
    expect(mappings.get_by_role("combobox", name="Sales item")).to_be_visible(timeout=20_000)
    pick(page, mappings, "Sales item", "Services")
    for rate, code in TAX_CODES.items():
        pick(page, mappings, rate, code)
    if auto_export:
        mappings.get_by_text("Export a batch's invoices automatically when it is saved").click()
    mappings.get_by_role("button", name="Save mappings").click()
    expect(page.get_by_text("Saved the QuickBooks Online mappings.")).to_be_visible(timeout=20_000)


def invoice_batch_calls(accounting_servers) -> int:
    qbo = accounting_servers.qbo
    return sum('"Invoice"' in r.body for r in qbo.requests if r.kind == "batch")


def test_a_batch_is_exported_to_quickbooks_in_batch_calls(
    page: Page, app_server, accounting_servers
) -> None:
    sign_in(page, app_server.url, "admin")
    batch_id, invoice_ids = a_batch(app_server.database_url)
    connect_and_map_quickbooks(page, app_server.url)
    snap(page, "admin-accounting-quickbooks-mapped")

    calls_before = invoice_batch_calls(accounting_servers)
    page.goto(f"{app_server.url}/billing/batches/{batch_id}")
    page.get_by_test_id("export-batch").click()
    expect(page.get_by_test_id("export-batch-to-xero")).to_have_count(0)  # not connected
    page.get_by_test_id("export-batch-to-quickbooks").click()
    summary = page.get_by_test_id("export-summary")
    expect(summary).to_have_text(f"{len(invoice_ids)} exported", timeout=90_000)
    expect(page.get_by_test_id("batch-export").get_by_role("heading")).to_have_text(
        "Export to QuickBooks Online"
    )
    expect(page.get_by_test_id("export-result")).to_have_count(len(invoice_ids))
    snap(page, "batch-export-quickbooks-results")
    assert statuses(app_server.database_url, invoice_ids) == {InvoiceStatus.EXPORTED}
    sent = invoice_batch_calls(accounting_servers) - calls_before
    assert sent == math.ceil(len(invoice_ids) / QBO_BATCH_LIMIT)
