import re

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect

from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def record_messages(page: Page) -> list[str]:
    """The websocket messages the page receives from now on."""
    messages: list[str] = []

    def opened(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: messages.append(str(payload)))

    page.on("websocket", opened)
    return messages


def test_a_status_change_shows_in_another_browser_without_resending_the_filter_choices(
    browser: Browser, page: Page, app_server
):
    viewer = browser.new_context().new_page()
    sign_in(viewer, app_server.url, "read_only")
    messages = record_messages(viewer)
    viewer.goto(app_server.url + "/billing")
    number = re.compile(r"^\d{4}-\d{5}$")
    expect(viewer.get_by_test_id("invoice-row").first).to_be_visible()
    expect(viewer.get_by_role("link", name=number)).to_have_count(0)
    messages.clear()

    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing")
    page.get_by_test_id("invoice-row").first.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="Exported", exact=True).click()
    page.get_by_role("button", name="Issue as Exported").click()
    expect(page.get_by_role("link", name=number)).to_have_count(1)

    expect(viewer.get_by_role("link", name=number)).to_have_count(1, timeout=3000)
    reloads = [m for m in messages if "rows_rx_state_" in m]
    assert reloads, "the viewer's page did not reload its rows"
    # the same choices assigned again would travel again: they are assigned only when changed
    assert not any("batch_names_rx_state_" in m for m in reloads)
    viewer.context.close()
