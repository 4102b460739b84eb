import pytest
from playwright.sync_api import Page, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_invoices_can_be_searched_filtered_and_sorted(page: Page, app_server):
    sign_in(page, app_server.url, "read_only")
    page.goto(app_server.url + "/billing")
    rows = page.get_by_test_id("invoice-row")
    expect(rows).to_have_count(2)  # the demo's two flexible Drafts

    page.get_by_placeholder("Search number, customer, batch").fill("ferramenta")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ferramenta Rossi")

    page.get_by_placeholder("Search number, customer, batch").fill("")
    page.get_by_label("Customer filter").fill("bianchi")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Studio Legale Bianchi")
    page.get_by_label("Customer filter").fill("")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(2)
    page.get_by_role("combobox", name="Status filter").click()
    page.get_by_role("option", name="Sent", exact=True).click()
    expect(page.get_by_text("No invoices match these filters.")).to_be_visible()
    page.get_by_role("combobox", name="Status filter").click()
    page.get_by_role("option", name="All statuses").click()

    page.get_by_label("Sort by Total").click()  # ascending
    expect(rows.first).to_contain_text("Ferramenta Rossi")  # 1.407,88 € < 1.621,14 €
    page.get_by_label("Sort by Total").click()  # descending
    expect(rows.first).to_contain_text("Studio Legale Bianchi")
