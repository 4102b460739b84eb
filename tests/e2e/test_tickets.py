import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_technician_finds_tickets_and_a_billed_ticket_cannot_be_reopened(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("Name")).not_to_have_value("")
    name = page.get_by_label("Name").input_value()
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Save batch").click()
    expect(page.get_by_test_id("batch-summary")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tickets").click()
    billed = page.get_by_test_id("ticket-row").filter(has=page.get_by_text(name)).first
    expect(billed).to_be_visible()
    snap(page, "tickets")
    billed.get_by_role("combobox", name="Ticket status").click()
    page.get_by_role("option", name="Open", exact=True).click()
    expect(
        page.get_by_text("cannot be reopened").or_(page.get_by_text("is billed on"))
    ).to_be_visible()

    page.get_by_placeholder("Search subject, customer or #id").fill("zzz-nothing")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No tickets match.")).to_be_visible()
