import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def open_a_draft(page: Page, base_url: str) -> None:
    sign_in(page, base_url, "billing")
    page.goto(base_url + "/billing")
    page.get_by_test_id("invoice-row").filter(has_text="Draft").last.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/billing/invoices/\d+$"))
    expect(page.get_by_role("heading", name="Draft invoice")).to_be_visible()


def test_editing_a_line_and_adding_one_updates_the_totals(page: Page, app_server):
    open_a_draft(page, app_server.url)
    totals = page.get_by_test_id("totals")
    before = totals.inner_text()
    quantity = page.get_by_test_id("line-row").first.get_by_label("Quantity")
    quantity.fill("5")
    quantity.blur()
    expect(totals).not_to_have_text(before)
    page.get_by_placeholder("Description").fill("Installation on site")
    page.locator("input[name=unit_price]").fill("120")
    page.get_by_role("button", name="Add line").click()
    expect(page.get_by_test_id("line-row").last.get_by_label("Description")).to_have_value(
        "Installation on site"
    )


def test_a_discount_above_the_line_amount_is_refused_and_nothing_changes(page: Page, app_server):
    open_a_draft(page, app_server.url)
    total = page.get_by_test_id("totals").get_by_text("€").nth(2)  # net, tax, total
    before = total.inner_text()
    discount = page.get_by_test_id("line-row").first.get_by_label("Discount")
    discount.fill("999999")
    discount.blur()
    expect(page.get_by_text("is larger than the line amount")).to_be_visible()
    expect(total).to_have_text(before)
    expect(discount).to_have_value("0.00")
