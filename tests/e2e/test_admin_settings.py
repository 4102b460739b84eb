import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_settings_explain_bad_fields_save_nothing_then_keep_a_good_change(page: Page, app_server):
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/settings")
    expect(page.get_by_role("heading", name="Invoice numbering")).to_be_visible()
    legal_name = page.get_by_label("Legal name", exact=True)
    before = legal_name.input_value()
    expect(page.get_by_test_id("next-number")).to_contain_text("-")

    legal_name.fill("Rete Sicura Nuova S.r.l.")
    page.get_by_label("E-mail", exact=True).fill("billing-at-msp")
    page.get_by_label("Country (two letters)").fill("I")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("'billing-at-msp' is not an e-mail address")).to_be_visible()
    expect(page.get_by_text("Use the two-letter country code")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Legal name", exact=True)).to_have_value(before)

    page.get_by_label("Legal name", exact=True).fill("Rete Sicura Nuova S.r.l.")
    page.get_by_label("Number format").fill("RS-{year}/{seq:04}")
    expect(page.get_by_test_id("next-number")).to_contain_text("RS-")
    page.get_by_label("Currency").fill("USD")
    expect(page.get_by_text("Existing invoices keep their currency")).to_be_visible()
    page.get_by_label("Currency").fill("")
    snap(page, "admin-settings")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Legal name", exact=True)).to_have_value("Rete Sicura Nuova S.r.l.")
    expect(page.get_by_label("Number format")).to_have_value("RS-{year}/{seq:04}")


def test_a_billing_user_cannot_open_the_settings(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/admin/settings")
    expect(page.get_by_text("Your role (Billing) cannot open that page.")).to_be_visible()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
