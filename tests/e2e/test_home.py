import re

import pytest
from playwright.sync_api import Page, expect

from billing_app.db import create_db_engine, session_scope
from billing_app.domain.formats import format_quantity
from billing_app.domain.money import format_money
from billing_app.services.dashboard import home_counts, unbilled_by_customer
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_home_page_shows_the_demo_counts_from_the_database(page: Page, app_server):
    with session_scope(create_db_engine(app_server.database_url)) as session:
        counts = home_counts(session)
        unbilled = unbilled_by_customer(session)
    assert counts.open_tickets > 0 and counts.unbilled_hours > 0

    sign_in(page, app_server.url)
    expect(page.get_by_text("Rete Sicura S.r.l.")).to_be_visible()
    expected = {
        "Open tickets": str(counts.open_tickets),
        "Unbilled hours": format_quantity(counts.unbilled_hours, "it_IT"),
        "Draft invoices": str(counts.draft_invoices),
        "Customers": str(counts.customers),
    }
    for label, value in expected.items():
        expect(page.get_by_test_id(label).get_by_test_id("stat-value")).to_have_text(value)
    assert "," in expected["Unbilled hours"]  # Italian decimal comma
    snap(page, "home")

    rows = page.get_by_test_id("unbilled-table").locator("tbody tr")
    expect(rows).to_have_count(len(unbilled))
    top = unbilled[0]
    expect(rows.first).to_contain_text(top.customer)
    expect(rows.first).to_contain_text(format_quantity(top.hours, "it_IT", decimals=2))
    expect(rows.first).to_contain_text(format_money(top.expenses, top.currency, "it_IT"))


def test_sidebar_leads_to_every_section(page: Page, app_server):
    sign_in(page, app_server.url)
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Billing").click()
    expect(page.get_by_test_id("invoices-table")).to_be_visible()
    navigation.get_by_role("link", name="Tickets").click()
    expect(page.get_by_test_id("tickets-table")).to_be_visible()
    navigation.get_by_role("link", name="Products").click()
    expect(page.get_by_test_id("products-table")).to_be_visible()
    navigation.get_by_role("link", name="Customers").click()
    expect(page.get_by_test_id("customers-table")).to_be_visible()
    navigation.get_by_role("link", name="Contracts").click()
    expect(page.get_by_test_id("contracts-table")).to_be_visible()
    navigation.get_by_role("link", name="Time & Expenses").click()
    expect(page.get_by_test_id("time-entries-table")).to_be_visible()
    navigation.get_by_role("link", name="Home").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
