"""A period previewed again after its batch was saved (issue 14). The tests share the
module's demo data and run in order: one customer billed, then the rest, then nothing."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def save_last_month(page: Page, url: str, *, one_customer: bool = False, name: str = "") -> str:
    page.goto(url + "/billing/batches/new")
    expect(page.get_by_label("Name")).not_to_have_value("")
    if name:
        page.get_by_label("Name").fill(name)
    name = page.get_by_label("Name").input_value()
    page.get_by_role("button", name="Preview").click()
    first_row = page.get_by_test_id("preview-table").locator("tbody tr").first
    expect(first_row).to_be_visible()
    if one_customer:  # the customer of the first invoice only
        customer = first_row.get_by_role("rowheader").inner_text()
        page.get_by_role("combobox", name="Customers").click()
        page.get_by_role("option", name=customer, exact=True).click()
        page.get_by_role("button", name="Preview").click()
        expect(page.get_by_test_id("preview-table").locator("tbody tr")).not_to_have_count(10)
    page.get_by_role("button", name="Save batch").click()
    expect(page).to_have_url(re.compile(r"/billing/batches/\d+$"))
    return name


def test_a_refused_save_is_explained_next_to_the_save_button(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    name = save_last_month(page, app_server.url, one_customer=True)
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("Name")).to_have_value(name)  # the same default: last month
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("preview-table").locator("tbody tr").first).to_be_visible()
    page.get_by_role("button", name="Save batch").click()
    refusal = page.get_by_role("alert").filter(has_text="exists already")
    expect(refusal).to_be_visible()
    expect(refusal).to_be_in_viewport()
    snap(page, "new-batch-save-refused")


def test_a_billed_month_previewed_again_lists_what_was_left_out(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    save_last_month(page, app_server.url, name="The rest of last month")
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("Name")).not_to_have_value("")
    page.get_by_role("button", name="Preview").click()
    exceptions = page.get_by_test_id("exceptions")
    expect(exceptions).to_contain_text("already on a live invoice, so")
    expect(exceptions).to_contain_text("Already billed")
    expect(page.get_by_text("Nothing is left to bill in that period")).to_be_visible()
    expect(page.get_by_role("button", name="Save batch")).to_be_disabled()
    snap(page, "new-batch-already-billed")
