import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_product_is_added_after_its_mistakes_are_explained(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/products")
    expect(page.get_by_test_id("product-row")).to_have_count(10)
    page.get_by_role("button", name="New product").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("SKU").fill("HW-SSD-1TB")  # taken by the demo catalogue
    dialog.get_by_label("Name").fill("  ")
    dialog.get_by_label("Unit price").fill("-5")
    dialog.get_by_role("button", name="Save product").click()
    expect(dialog.get_by_text("SKU HW-SSD-1TB is used by another product.")).to_be_visible()
    expect(dialog.get_by_text("Enter the product's name as invoices show it.")).to_be_visible()
    expect(dialog.get_by_text("The price must be between 0 and 999,999,999.")).to_be_visible()
    expect(page.get_by_test_id("product-row")).to_have_count(10)

    dialog.get_by_label("SKU").fill("HW-DOCK-USB4")
    dialog.get_by_label("Name").fill("USB4 docking station")
    dialog.get_by_label("Unit price").fill("249.5")
    dialog.get_by_role("button", name="Save product").click()
    expect(page.get_by_test_id("product-row")).to_have_count(11)
    expect(page.get_by_test_id("products-table")).to_contain_text("249,50 €")
    snap(page, "products")
