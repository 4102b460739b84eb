import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in
from tests.e2e.snapshots import save_screenshot

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


def test_a_new_ticket_is_opened_from_the_dialog_and_billed_ones_offer_no_edit(
    page: Page, app_server
):
    sign_in(page, app_server.url, "technician")
    page.goto(app_server.url + "/tickets")
    billed = page.get_by_test_id("ticket-row").filter(has=page.get_by_test_id("lock-badge"))
    expect(billed.first).to_be_visible()  # the batch saved by the test above
    expect(billed.first.get_by_role("button", name="Edit ticket")).to_have_count(0)

    page.get_by_role("button", name="New ticket").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Save ticket").click()
    expect(dialog.get_by_text("Choose the customer.")).to_be_visible()
    expect(dialog.get_by_text("Write what the ticket is about.")).to_be_visible()
    save_screenshot(page, "ticket_dialog_errors")
    dialog.get_by_role("combobox", name="Customer", exact=True).click()
    page.get_by_role("option", name="Studio Legale Bianchi").click()
    dialog.get_by_label("Subject").fill("E2E projector flickers")
    dialog.get_by_role("button", name="Save ticket").click()
    expect(dialog).to_be_hidden()

    page.get_by_placeholder("Search subject, customer or #id").fill("projector flickers")
    page.get_by_role("button", name="Search").click()
    row = page.get_by_test_id("ticket-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Studio Legale Bianchi")
    expect(row.get_by_role("button", name="Edit ticket")).to_be_visible()
    page.get_by_placeholder("Search subject, customer or #id").fill("")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("ticket-row").first).to_be_visible()
    save_screenshot(page, "tickets")
