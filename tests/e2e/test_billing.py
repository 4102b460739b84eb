import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

# The demo data has two Draft invoices (fresh for each module): the first and last tests
# issue one each, the read-only test in between needs one still in Draft.


def draft_rows(page: Page):
    return page.get_by_test_id("invoice-row").filter(
        has=page.get_by_role("link", name="Draft", exact=True)
    )


def choose_status(row, status: str) -> None:
    row.get_by_role("combobox", name="Status").click()
    row.page.get_by_role("option", name=status, exact=True).click()


def test_issuing_a_draft_inline_asks_first_then_shows_its_number(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing")
    row = draft_rows(page).first
    customer = row.get_by_role("cell").nth(1).inner_text()
    choose_status(row, "Sent")
    page.get_by_role("button", name="Keep as Draft").click()
    expect(row.get_by_role("combobox", name="Status")).to_have_text("Draft")

    choose_status(row, "Sent")
    page.get_by_role("button", name="Issue as Sent").click()
    issued = (
        page.get_by_test_id("invoice-row")
        .filter(has_text=customer)
        .filter(has=page.get_by_role("link", name=re.compile(r"^\d{4}-\d{5}$")))
    )
    expect(issued).to_have_count(1)
    expect(issued.get_by_role("combobox", name="Status")).to_have_text("Sent")
    snap(page, "billing-invoices")

    choose_status(issued, "Draft")
    expect(page.get_by_text("An invoice cannot go from Sent to Draft.")).to_be_visible()
    expect(issued.get_by_role("combobox", name="Status")).to_have_text("Sent")


def test_a_read_only_users_inline_status_change_is_refused(page: Page, app_server):
    sign_in(page, app_server.url, "read_only")
    page.goto(app_server.url + "/billing")
    row = draft_rows(page).last
    choose_status(row, "Exported")
    page.get_by_role("button", name="Issue as Exported").click()
    expect(
        page.get_by_text("Your role (Read-only) cannot change an invoice's status")
    ).to_be_visible()
    expect(row.get_by_role("combobox", name="Status")).to_have_text("Draft")
    expect(row.get_by_role("link", name="Draft", exact=True)).to_be_visible()


def test_a_read_only_user_is_not_offered_what_their_role_cannot_do(page: Page, app_server):
    sign_in(page, app_server.url, "read_only")
    page.goto(app_server.url + "/billing")
    draft = draft_rows(page).first
    expect(draft).to_be_visible()
    expect(page.get_by_role("link", name="New invoice")).to_have_count(0)
    expect(page.get_by_role("link", name="New batch")).to_have_count(0)
    draft.get_by_role("link", name="Draft", exact=True).click()
    expect(page.get_by_test_id("line-row").first.get_by_label("Quantity")).to_be_disabled()
    expect(page.get_by_role("button", name="Add line")).to_have_count(0)
    page.goto(app_server.url + "/products")
    expect(page.get_by_test_id("product-row").first).to_be_visible()
    expect(page.get_by_role("button", name="New product")).to_have_count(0)
    expect(page.get_by_role("button", name="Edit")).to_have_count(0)


def test_each_invoice_shows_its_own_history(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing")
    row = draft_rows(page).first
    choose_status(row, "Exported")
    page.get_by_role("button", name="Issue as Exported").click()
    issued = (
        page.get_by_test_id("invoice-row")
        .filter(has=page.get_by_role("combobox", name="Status").filter(has_text="Exported"))
        .first
    )
    issued.get_by_role("button", name="History").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("History of ")
    expect(dialog).to_contain_text("Number assigned")
    expect(dialog).to_contain_text("draft → exported")
    expect(dialog).to_contain_text("billing@demo.test")
    snap(page, "invoice-history")
    page.get_by_role("button", name="Close").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit").click()
    events = page.get_by_test_id("audit-table")
    expect(events).to_contain_text("draft → exported")
    snap(page, "audit")
