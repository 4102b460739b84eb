import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_a_status_change_shows_in_another_browser_without_reloading(
    browser: Browser, page: Page, app_server
):
    viewer = browser.new_context().new_page()
    sign_in(viewer, app_server.url, "read_only")
    viewer.goto(app_server.url + "/billing")
    number = re.compile(r"^\d{4}-\d{5}$")
    expect(viewer.get_by_role("link", name=number)).to_have_count(0)

    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing")
    page.get_by_test_id("invoice-row").first.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="Exported", exact=True).click()
    page.get_by_role("button", name="Issue as Exported").click()
    expect(page.get_by_role("link", name=number)).to_have_count(1)

    expect(viewer.get_by_role("link", name=number)).to_have_count(1, timeout=3000)
    viewer.context.close()
