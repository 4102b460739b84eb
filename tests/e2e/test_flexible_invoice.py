import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def create_draft_for(page: Page, base_url: str, customer: str) -> None:
    sign_in(page, base_url, "billing")
    page.goto(base_url + "/billing")
    page.get_by_role("link", name="New invoice").click()
    expect(page.get_by_role("heading", name="New invoice")).to_be_visible()
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_text("Choose the customer to invoice.")).to_be_visible()
    snap(page, "new-invoice")
    page.get_by_role("combobox", name="Customer").click()
    page.get_by_role("option", name=customer).click()
    page.get_by_role("button", name="Create draft").click()
    expect(page).to_have_url(re.compile(r"/billing/invoices/\d+$"))
    expect(page.get_by_text("No lines yet")).to_be_visible()


def test_a_flexible_invoice_takes_unbilled_work_and_a_product_then_is_issued(
    page: Page, app_server
):
    create_draft_for(page, app_server.url, "Bäckerei Schneider KG")
    page.get_by_role("button", name="Add unbilled work").click()
    work = page.get_by_test_id("work-row")
    expect(work.first).to_be_visible()
    snap(page, "invoice-unbilled-work")
    work.first.get_by_role("checkbox").click()
    page.get_by_role("button", name="Add 1 selected").click()
    expect(page.get_by_text("1 line added.")).to_be_visible()
    groups = page.get_by_test_id("line-group")
    # the contract rounds per ticket, so the entry is billed as its ticket, as in a batch
    expect(groups).to_have_text(["Tickets"])

    totals = page.get_by_test_id("totals")
    before = totals.inner_text()
    page.get_by_role("combobox", name="Product").click()
    page.get_by_role("option", name=re.compile("SSD 1 TB")).click()
    page.get_by_role("button", name="Add product").click()
    expect(groups).to_have_text(["Tickets", "Products"])
    expect(page.get_by_test_id("line-row").last).to_contain_text("89,90")
    expect(totals).not_to_have_text(before)
    snap(page, "invoice-draft")

    page.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="Sent", exact=True).click()
    page.get_by_role("button", name="Issue as Sent").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Invoice \d{4}-\d{5}$"))).to_be_visible()
    expect(page.get_by_text("its lines are frozen")).to_be_visible()
    expect(page.get_by_role("button", name="Add unbilled work")).to_have_count(0)
    snap(page, "invoice-issued")


def test_bad_line_input_is_explained_and_nothing_is_added(page: Page, app_server):
    create_draft_for(page, app_server.url, "Hotel Lago Blu")
    page.get_by_placeholder("Description").fill("Cabling")
    page.locator("input[name=quantity]").first.fill("-2")
    page.locator("input[name=unit_price]").fill("40")
    page.get_by_role("button", name="Add line").click()
    expect(page.get_by_text("is not above zero")).to_be_visible()

    page.get_by_placeholder("Description").fill("Cabling")
    page.locator("input[name=quantity]").first.fill("2")
    page.locator("input[name=unit_price]").fill("4O")  # a letter O, not a zero
    page.get_by_role("button", name="Add line").click()
    expect(page.get_by_text("is not a number")).to_be_visible()
    expect(page.get_by_test_id("line-row")).to_have_count(0)
    expect(page.get_by_text("No lines yet")).to_be_visible()
