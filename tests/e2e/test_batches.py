import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_batch_for_last_month_is_previewed_saved_and_deleted(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing")
    page.get_by_role("link", name="New batch").click()
    expect(page.get_by_role("heading", name="New batch")).to_be_visible()
    expect(page.get_by_label("Name")).not_to_have_value("")
    name = page.get_by_label("Name").input_value()
    page.get_by_role("button", name="Preview").click()

    exceptions = page.get_by_test_id("exceptions")
    expect(exceptions).to_contain_text("has no billing e-mail")
    expect(exceptions).to_contain_text("has time in the period")
    rows = page.get_by_test_id("preview-table").locator("tbody tr")
    expect(rows).to_have_count(10)  # one per demo contract
    expect(rows.first).to_contain_text("€")
    snap(page, "new-batch-preview")

    page.get_by_role("button", name="Save batch").click()
    expect(page).to_have_url(re.compile(r"/billing/batches/\d+$"))
    expect(page.get_by_test_id("batch-summary")).to_contain_text("10 Draft")
    expect(page.get_by_test_id("invoice-row")).to_have_count(10)
    expect(page.get_by_test_id("locked-tickets")).to_contain_text("#")
    snap(page, "batch")
    batch_url = page.url
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tickets").click()
    locks = page.get_by_test_id("ticket-row").filter(has_text=name)
    expect(locks.first).to_be_visible()

    page.goto(batch_url)

    page.get_by_role("button", name="Delete batch").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page).to_have_url(re.compile(r"/billing$"))
    expect(page.get_by_text("Drafts gone, their work unlocked")).to_be_visible()
    page.get_by_role("tab", name="Invoice batches").click()
    expect(page.get_by_text("No batches yet")).to_be_visible()
    snap(page, "billing-batches-empty")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tickets").click()
    expect(page.get_by_test_id("ticket-row").first).to_be_visible()
    expect(locks).to_have_count(0)  # deleting the batch unlocked its tickets


def test_a_batch_with_a_reversed_period_is_explained(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("From", exact=True)).not_to_have_value("")
    page.get_by_label("From", exact=True).fill("2026-10-31")
    page.get_by_label("To", exact=True).fill("2026-10-01")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert")).to_contain_text("before it starts")
    expect(page.get_by_test_id("preview-table")).to_have_count(0)


def test_an_exception_of_the_preview_opens_the_row_to_fix(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("Name")).not_to_have_value("")
    page.get_by_role("button", name="Preview").click()
    missing_email = (
        page.get_by_test_id("exceptions").locator("div").filter(has_text="has no billing e-mail")
    )
    missing_email.get_by_role("link", name="Open").last.click()
    expect(page).to_have_url(re.compile(r"/customers\?search=%23\d+$"))
    expect(page.get_by_test_id("customer-row")).to_have_count(1)
    expect(page.get_by_test_id("customer-row")).to_contain_text("Architetti Verdi")
    expect(page.get_by_placeholder("Search name or VAT id")).to_have_value(re.compile(r"^#\d+$"))
