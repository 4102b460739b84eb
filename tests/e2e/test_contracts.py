from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(__file__).parent / "screenshots"


def choose(dialog: Locator, page: Page, select: str, option: str) -> None:
    dialog.get_by_role("combobox", name=select, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def shoot(page: Page, name: str, *, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)


def test_a_contract_is_added_after_its_mistakes_are_explained_then_edited(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/contracts")
    rows = page.get_by_test_id("contract-row")
    expect(rows).to_have_count(10)
    expect(page.get_by_text("10 contracts · page 1 of 1")).to_be_visible()
    expect(rows.filter(has_text="Studio Legale Bianchi")).to_contain_text(
        "1.500,00\xa0€ / month in advance"
    )
    expect(rows.filter(has_text="Hotel Lago Blu")).to_contain_text("3 unit lines")
    shoot(page, "contracts", full_page=True)

    page.get_by_role("button", name="New contract").click()
    dialog = page.get_by_role("dialog")
    choose(dialog, page, "Customer", "Ferramenta Rossi S.n.c.")
    dialog.get_by_label("Name", exact=True).fill("Prepaid support 2027")
    choose(dialog, page, "Type", "Block hours")
    dialog.get_by_label("Start date", exact=True).fill("2027-01-01")
    dialog.get_by_label("End date (empty: open-ended)").fill("2026-12-31")
    dialog.get_by_label("Price of a block").fill("15OO")
    dialog.get_by_role("button", name="Save contract").click()
    expect(dialog.get_by_text("The end date is before the start date")).to_be_visible()
    expect(dialog.get_by_text("'15OO' is not an amount")).to_be_visible()
    expect(dialog.get_by_text("Block hours contracts need the hours in a block and an hourly")
           ).to_be_visible()  # fmt: skip
    shoot(page, "contract-dialog-errors")
    expect(rows).to_have_count(10)

    dialog.get_by_label("End date (empty: open-ended)").fill("")
    dialog.get_by_label("Hours in a block").fill("20")
    dialog.get_by_label("Price of a block").fill("1.500")
    dialog.get_by_label("Overage rate per hour").fill("95.00")
    dialog.get_by_role("button", name="Save contract").click()
    expect(rows).to_have_count(11)
    added = rows.filter(has_text="Prepaid support 2027")
    expect(added).to_contain_text("20\xa0h for 1.500,00\xa0€, overage 95,00\xa0€/h")

    added.get_by_role("button", name="Edit").click()
    expect(dialog.get_by_label("Price of a block")).to_have_value("1.500,00")
    dialog.get_by_label("Name", exact=True).fill("Prepaid support 2027 (20 h)")
    dialog.get_by_role("button", name="Save contract").click()
    expect(rows.filter(has_text="Prepaid support 2027 (20 h)")).to_have_count(1)

    page.get_by_placeholder("Search contract or customer").fill("ferramenta")
    page.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(2)


def test_unit_lines_are_added_in_the_dialog_and_a_contract_is_deactivated(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/contracts")
    rows = page.get_by_test_id("contract-row")
    hotel = rows.filter(has_text="Hotel Lago Blu")
    hotel.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("unit-line")).to_have_count(3)
    dialog.get_by_role("button", name="Add unit line").click()
    line = dialog.get_by_test_id("unit-line").nth(3)
    line.get_by_label("Unit name").fill("Users")
    line.get_by_label("Unit price").fill("4,5O")
    line.get_by_label("Quantity now").fill("30")
    dialog.get_by_role("button", name="Save contract").click()
    expect(line.get_by_text("'4,5O' is not an amount")).to_be_visible()
    shoot(page, "contract-dialog-unit-lines")
    line.get_by_label("Unit price").fill("4,50")
    dialog.get_by_role("button", name="Save contract").click()
    expect(hotel).to_contain_text("4 unit lines")

    hotel.get_by_role("button", name="Deactivate").click()
    expect(hotel).to_contain_text("inactive")
    hotel.get_by_role("button", name="Reactivate").click()
    expect(hotel.get_by_text("active", exact=True)).to_be_visible()


def test_a_read_only_user_sees_contracts_but_no_way_to_change_them(page: Page, app_server):
    sign_in(page, app_server.url, "read_only")
    page.goto(app_server.url + "/contracts")
    expect(page.get_by_test_id("contract-row").first).to_be_visible()
    expect(page.get_by_role("button", name="New contract")).to_have_count(0)
    expect(page.get_by_role("button", name="Edit")).to_have_count(0)
    page.get_by_role("combobox", name="Type filter").click()
    page.get_by_role("option", name="Per unit / remote monitoring").click()
    expect(page.get_by_test_id("contract-row")).to_have_count(2)
