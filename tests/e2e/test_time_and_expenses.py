import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from billing_app.db import create_db_engine
from billing_app.models import Customer, Ticket
from tests.e2e.signing_in import sign_in
from tests.e2e.snapshots import save_screenshot

pytestmark = pytest.mark.e2e
CUSTOMER = "Studio Legale Bianchi"


def a_ticket_of(database_url: str, customer: str) -> int:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        ticket_id = session.exec(
            select(Ticket.id).join(Customer).where(Customer.name == customer)
        ).first()
    engine.dispose()
    assert ticket_id is not None
    return ticket_id


def pick(page: Page, box: str, option: str | int) -> None:
    page.get_by_role("dialog").get_by_role("combobox", name=box, exact=True).click()
    options = page.get_by_role("option")
    (options.nth(option) if isinstance(option, int) else options.filter(has_text=option)).click()


def search(page: Page, text: str) -> None:
    panel = page.get_by_role("tabpanel")
    panel.get_by_placeholder("Search").fill(text)
    panel.get_by_role("button", name="Search").click()


def test_a_time_entry_is_logged_after_its_mistakes_are_explained(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/time-and-expenses")
    expect(page.get_by_test_id("time-entry-row").first).to_be_visible()
    save_screenshot(page, "time_entries")
    page.get_by_role("button", name="New time entry").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Save time entry").click()
    expect(dialog.get_by_text("Choose the customer.")).to_be_visible()
    expect(dialog.get_by_text("Enter the duration")).to_be_visible()

    pick(page, "Customer", CUSTOMER)
    pick(page, "Contract", 1)
    dialog.get_by_label("Duration").fill("0")
    dialog.get_by_label("Notes").fill("E2E firewall check")
    dialog.get_by_role("button", name="Save time entry").click()
    expect(dialog.get_by_text("A duration of 0 minutes is not possible")).to_be_visible()
    save_screenshot(page, "time_entry_dialog_errors")

    dialog.get_by_label("Duration").fill("1:30")
    dialog.get_by_role("button", name="Save time entry").click()
    expect(dialog).to_be_hidden()
    search(page, "firewall check")
    row = page.get_by_test_id("time-entry-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("1:30")
    expect(row).to_contain_text(CUSTOMER)


def test_an_expense_is_refused_until_its_amount_and_description_are_right(page: Page, app_server):
    sign_in(page, app_server.url, "technician")
    page.goto(app_server.url + "/time-and-expenses")
    page.get_by_role("tab", name="Expenses").click()
    expect(page.get_by_test_id("expense-row").first).to_be_visible()
    page.get_by_role("button", name="New expense").click()
    dialog = page.get_by_role("dialog")
    pick(page, "Customer", CUSTOMER)
    dialog.get_by_label("Amount").fill("-5")
    dialog.get_by_role("button", name="Save expense").click()
    expect(dialog.get_by_text("Describe the expense")).to_be_visible()
    expect(
        dialog.get_by_text("An expense of -5 is not possible; enter more than zero.")
    ).to_be_visible()

    dialog.get_by_label("Description").fill("E2E taxi to the customer")
    dialog.get_by_label("Amount").fill("abc")
    dialog.get_by_role("button", name="Save expense").click()
    expect(dialog.get_by_text("'abc' is not an amount; write it like 1234.50.")).to_be_visible()
    save_screenshot(page, "expense_dialog_errors")
    dialog.get_by_role("button", name="Cancel").click()
    search(page, "taxi to the customer")
    expect(page.get_by_text("No expenses match.")).to_be_visible()

    page.get_by_role("button", name="New expense").click()
    pick(page, "Customer", CUSTOMER)
    dialog.get_by_label("Description").fill("E2E taxi to the customer")
    dialog.get_by_label("Amount").fill("1.234,5")
    dialog.get_by_role("button", name="Save expense").click()
    expect(dialog).to_be_hidden()
    row = page.get_by_test_id("expense-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("1.234,50 €")
    expect(row.get_by_role("button", name="Edit expense")).to_be_visible()
    save_screenshot(page, "expenses")


def test_billed_time_shows_its_batch_and_cannot_be_edited(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("Name", exact=True)).not_to_have_value("")  # the default name
    page.get_by_label("Name", exact=True).fill("E2E October batch")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Save batch").click()
    expect(page.get_by_test_id("batch-summary")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Time & Expenses").click()
    locked = page.get_by_test_id("time-entry-row").filter(has=page.get_by_test_id("lock-badge"))
    expect(locked.first).to_be_visible()
    expect(locked.first.get_by_test_id("lock-badge")).to_contain_text("E2E October batch")
    expect(locked.first.get_by_role("button", name="Edit time entry")).to_have_count(0)
    save_screenshot(page, "time_entries_billed")


def test_importing_time_entries_is_all_or_nothing(page: Page, app_server):
    ticket = a_ticket_of(app_server.database_url, CUSTOMER)
    header = "customer,started_on,started_time,duration,ticket,notes\n"
    good = (
        header
        + f"{CUSTOMER},2026-11-03,09:00,45,{ticket},E2E imported backup check\n"
        + f"{CUSTOMER},2026-11-04,10:30,1:15,{ticket},E2E imported printer fix\n"
    )
    bad = good.replace("1:15", "abc").replace("E2E imported", "E2E rejected")
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/time-and-expenses")
    expect(page.get_by_test_id("time-entry-row").first).to_be_visible()

    page.get_by_role("button", name="Import time entries from CSV").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("input[type=file]").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    expect(dialog.get_by_test_id("import-row-bad")).to_have_count(1)
    expect(dialog.get_by_text("Row 3, duration: 'abc' is not a duration")).to_be_visible()
    expect(dialog.get_by_role("button", name="Import 2 rows")).to_be_disabled()
    save_screenshot(page, "import_errors")
    dialog.get_by_role("button", name="Cancel").click()
    search(page, "E2E rejected")
    expect(page.get_by_text("No time entries match.")).to_be_visible()

    page.get_by_role("button", name="Import time entries from CSV").click()
    dialog.locator("input[type=file]").set_input_files(
        files=[{"name": "good.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    expect(dialog.get_by_test_id("import-row")).to_have_count(2)
    dialog.get_by_role("button", name="Import 2 rows").click()
    expect(page.get_by_text("Imported 2 time entries from good.csv.")).to_be_visible()
    search(page, "E2E imported")
    expect(page.get_by_test_id("time-entry-row")).to_have_count(2)
