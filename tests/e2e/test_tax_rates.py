import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from billing_app.db import create_db_engine
from billing_app.models import InvoiceLine
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def choose(scope: Locator, page: Page, option: str) -> None:
    scope.get_by_role("combobox", name="Tax rate").click()
    page.get_by_role("option", name=option, exact=True).click()


def in_database(database_url: str, *statements: str) -> None:
    engine = create_db_engine(database_url)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def stored_rate(database_url: str, description: str) -> Decimal:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        line = session.exec(select(InvoiceLine).where(InvoiceLine.description == description))
        rate = line.one().tax_rate
    engine.dispose()
    return rate


def add_a_rate_after_its_mistakes_are_explained(page: Page) -> None:
    rows = page.get_by_test_id("tax-rate-row")
    expect(rows).to_have_count(4)  # the Italian rates of the first start
    expect(rows.first).to_contain_text("IVA 22%")
    expect(rows.first).to_contain_text("Default")
    page.get_by_role("button", name="New tax rate").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("iva 22%")
    dialog.get_by_label("Rate, %").fill("150")
    dialog.get_by_role("button", name="Save tax rate").click()
    expect(dialog.get_by_text("A rate named 'IVA 22%' already exists")).to_be_visible()
    expect(dialog.get_by_text("The tax rate is a percentage between 0 and 100.")).to_be_visible()
    snap(page, "tax-rate-dialog-errors")
    expect(rows).to_have_count(4)

    dialog.get_by_label("Name").fill("IVA 5% (sociale)")
    dialog.get_by_label("Rate, %").fill("5")
    dialog.get_by_label("Note (optional)").fill("Tab. A parte II-bis DPR 633/72")
    dialog.get_by_role("button", name="Save tax rate").click()
    expect(rows).to_have_count(5)
    expect(rows.last).to_contain_text("5%")


def test_an_admin_adds_a_rate_and_a_line_picks_it_and_stores_its_value(page: Page, app_server):
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/tax-rates")
    add_a_rate_after_its_mistakes_are_explained(page)
    reduced = page.get_by_test_id("tax-rate-row").filter(has_text="IVA 4%")
    reduced.get_by_role("button", name="Archive").click()
    expect(reduced).to_contain_text("Archived")
    snap(page, "admin-tax-rates")

    page.goto(app_server.url + "/billing")
    page.get_by_test_id("invoice-row").filter(has_text="Draft").last.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/billing/invoices/\d+$"))
    adding = page.locator("form").filter(has=page.get_by_placeholder("Description"))
    expect(adding.get_by_role("combobox", name="Tax rate")).to_have_text("IVA 22% (22%)")
    adding.get_by_role("combobox", name="Tax rate").click()
    expect(page.get_by_role("option", name="IVA 4% (4%)")).to_have_count(0)  # archived
    page.get_by_role("option", name="IVA 5% (sociale) (5%)").click()
    page.get_by_placeholder("Description").fill("Accessibility kit")
    adding.locator("input[name=unit_price]").fill("200")
    page.get_by_role("button", name="Add line").click()

    added = page.get_by_test_id("line-row").last  # custom lines come last
    expect(added.get_by_label("Description")).to_have_value("Accessibility kit")
    expect(added.get_by_role("combobox", name="Tax rate")).to_have_text("IVA 5% (sociale) (5%)")
    expect(page.get_by_text("5% on 200,00\xa0€")).to_be_visible()
    assert stored_rate(app_server.database_url, "Accessibility kit") == Decimal(5)

    choose(added, page, "Esente (0%)")
    expect(page.get_by_text("0% on 200,00\xa0€")).to_be_visible()
    assert stored_rate(app_server.database_url, "Accessibility kit") == Decimal(0)
    snap(page, "invoice-tax-select")

    in_database(app_server.database_url, "UPDATE invoice_line SET tax_rate = 215000 "
                "WHERE description = 'Accessibility kit'")  # fmt: skip
    page.reload()
    expect(added.get_by_role("combobox", name="Tax rate")).to_have_text("21,5% (custom)")


def test_the_product_and_contract_dialogs_pick_named_rates_and_keep_a_custom_one(
    page: Page, app_server
):
    in_database(
        app_server.database_url, "UPDATE product SET tax_rate = 215000 WHERE sku = 'SRV-TRAIN-H'"
    )  # 21.5%
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/products")
    rows = page.get_by_test_id("product-row")
    rows.first.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("combobox", name="Tax rate")).to_have_text("IVA 22% (22%)")
    choose(dialog, page, "IVA 10% (10%)")
    dialog.get_by_role("button", name="Save product").click()
    expect(rows.first).to_contain_text("10%")

    training = rows.filter(has_text="SRV-TRAIN-H")
    expect(training).to_contain_text("21,5%")
    training.get_by_role("button", name="Edit").click()
    expect(dialog.get_by_role("combobox", name="Tax rate")).to_have_text("21,5% (custom)")
    snap(page, "product-dialog-custom-tax")
    dialog.get_by_label("Unit price").fill("65")
    dialog.get_by_role("button", name="Save product").click()
    expect(training).to_contain_text("65,00")
    expect(training).to_contain_text("21,5%")

    page.goto(app_server.url + "/contracts")
    row = page.get_by_test_id("contract-row").filter(has_text="Müller Steuerberatung")
    row.get_by_role("button", name="Edit").click()
    expect(dialog.get_by_role("combobox", name="Tax rate")).to_have_text("Esente (0%)")
    snap(page, "contract-dialog-tax")


def test_a_billing_user_cannot_open_the_tax_rates(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/admin/tax-rates")
    expect(page.get_by_text("Your role (Billing) cannot open that page.")).to_be_visible()


def test_with_no_rates_the_page_says_so_and_the_first_one_added_is_the_default(
    page: Page, app_server
):
    in_database(app_server.database_url, "DELETE FROM tax_rate")
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/tax-rates")
    expect(page.get_by_text("No tax rates yet")).to_be_visible()
    snap(page, "admin-tax-rates-empty")
    page.get_by_role("button", name="New tax rate").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("VAT 20%")
    dialog.get_by_label("Rate, %").fill("20")
    dialog.get_by_role("button", name="Save tax rate").click()
    expect(page.get_by_test_id("tax-rate-row")).to_contain_text("Default")
