import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_customer_is_added_after_its_mistakes_are_explained(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/customers")
    rows = page.get_by_test_id("customer-row")
    expect(rows).to_have_count(10)
    expect(page.get_by_text("no billing e-mail")).to_be_visible()  # the demo's Architetti Verdi
    page.get_by_role("button", name="New customer").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Officina Bassi")
    dialog.get_by_label("Billing e-mails (comma-separated)").fill("fatture@bassi, x@y.it")
    dialog.get_by_label("Country (two letters)").fill("I")
    dialog.get_by_role("button", name="Save customer").click()
    expect(dialog.get_by_text("'fatture@bassi' is not an e-mail address")).to_be_visible()
    expect(dialog.get_by_text("Use the two-letter country code")).to_be_visible()
    expect(rows).to_have_count(10)

    dialog.get_by_label("Billing e-mails (comma-separated)").fill("fatture@bassi.it")
    dialog.get_by_label("Country (two letters)").fill("IT")
    dialog.get_by_role("button", name="Save customer").click()
    expect(rows).to_have_count(11)
    expect(rows.filter(has_text="Officina Bassi")).to_contain_text("EUR")
    snap(page, "customers")
