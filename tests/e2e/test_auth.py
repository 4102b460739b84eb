import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from billing_app.db import create_db_engine
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import DEMO, fill_sign_in, sign_in

pytestmark = pytest.mark.e2e

SIDEBARS = {
    "admin": ["Home", "Billing", "Customers", "Contracts", "Tickets", "Time & Expenses",
              "Products", "Audit", "Admin"],
    "billing": ["Home", "Billing", "Customers", "Contracts", "Tickets", "Time & Expenses",
                "Products", "Audit"],
    "technician": ["Home", "Tickets", "Time & Expenses"],
    "read_only": ["Home", "Billing", "Customers", "Contracts", "Tickets", "Time & Expenses",
                  "Products"],
}  # fmt: skip


def query(app_server, sql: str, **params):
    with create_db_engine(app_server.database_url).begin() as connection:
        result = connection.execute(sa.text(sql), params)
        return result.all() if result.returns_rows else []


@pytest.mark.parametrize("role", list(SIDEBARS))
def test_each_role_sees_its_own_sidebar_also_after_a_reload(page: Page, app_server, role):
    sign_in(page, app_server.url, role)
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(links).to_have_text(SIDEBARS[role])
    page.reload()
    expect(links).to_have_text(SIDEBARS[role])
    expect(page).not_to_have_url(re.compile(r"/login"))
    expect(page.get_by_test_id("user-name")).to_be_visible()


def test_wrong_password_and_unknown_email_get_the_same_message(page: Page, app_server):
    page.goto(app_server.url + "/login")
    fill_sign_in(page, "billing@demo.test", "not-the-password")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("The e-mail or the password is not correct.")
    fill_sign_in(page, "nobody@demo.test", "not-the-password")
    expect(alert).to_have_text("The e-mail or the password is not correct.")
    expect(page).to_have_url(re.compile(r"/login"))
    snap(page, "login")


def test_signing_out_returns_to_the_login_page_and_pages_need_signing_in_again(
    page: Page, app_server
):
    sign_in(page, app_server.url, "billing")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto(app_server.url + "/audit")
    expect(page).to_have_url(re.compile(r"/login\?reason=signin&next=/audit"))
    expect(page.get_by_text("Sign in to continue.")).to_be_visible()


def test_an_idle_session_expires_back_to_the_login_page(page: Page, app_server):
    sign_in(page, app_server.url, "read_only")
    query(
        app_server,
        "UPDATE user_session SET last_seen_at = '2000-01-01 00:00:00' WHERE user_id = "
        "(SELECT id FROM app_user WHERE email = :email)",
        email=DEMO["read_only"][0],
    )
    page.reload()
    expect(page).to_have_url(re.compile(r"/login\?reason=expired"))
    expect(page.get_by_text("Your session ended after a while without activity")).to_be_visible()


def test_a_page_above_the_role_is_refused_on_the_server_and_audited(page: Page, app_server):
    sign_in(page, app_server.url, "read_only")
    page.goto(app_server.url + "/admin/users")
    expect(page.get_by_text("Your role (Read-only) cannot open that page.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))
    refused = query(
        app_server,
        "SELECT details FROM audit_event WHERE action = 'refused' AND actor = :email",
        email=DEMO["read_only"][0],
    )
    assert any("manage_users" in details for (details,) in refused)


def test_an_admin_creates_a_user_and_bad_input_is_explained(page: Page, app_server):
    sign_in(page, app_server.url, "admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_role("button", name="New user").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Paolo Neri")
    dialog.get_by_label("E-mail").fill("paolo@example")
    dialog.get_by_label("Password").fill("a-long-password")
    dialog.get_by_role("button", name="Create user").click()
    expect(dialog.get_by_text("'paolo@example' is not an e-mail address")).to_be_visible()
    assert query(app_server, "SELECT id FROM app_user WHERE name = 'Paolo Neri'") == []
    dialog.get_by_label("E-mail").fill("paolo@example.com")
    dialog.get_by_role("button", name="Create user").click()
    expect(page.get_by_test_id("users-table")).to_contain_text("paolo@example.com")
    snap(page, "admin-users")


def test_deactivating_a_user_ends_their_open_session(browser: Browser, app_server, page: Page):
    clerk = browser.new_context().new_page()
    sign_in(clerk, app_server.url, "billing")
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/users")
    row = page.get_by_role("row").filter(has_text=DEMO["billing"][0])
    row.get_by_role("button", name="Deactivate").click()
    expect(row.get_by_text("Deactivated")).to_be_visible()
    clerk.reload()
    expect(clerk).to_have_url(re.compile(r"/login"))
    row.get_by_role("button", name="Reactivate").click()
    expect(row.get_by_text("Active", exact=True)).to_be_visible()
    clerk.context.close()
