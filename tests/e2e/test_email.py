"""E-mail as people use it: an admin sets up the mail server and tests it, a clerk sends one
invoice and then a whole batch. The SMTP server runs in this test process (aiosmtpd); the
app, a separate process, sends to it over 127.0.0.1."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from billing_app.db import create_db_engine, session_scope
from billing_app.services.actor import SYSTEM
from billing_app.services.mail.settings import MailSettingsInput, save_mail_settings
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in
from tests.mail_server import QUEUED, MailServer, mail_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def smtp() -> Iterator[MailServer]:
    with mail_server() as server:
        yield server


@pytest.fixture
def mail_configured(app_server, smtp: MailServer) -> None:
    engine = create_db_engine(app_server.database_url)
    with session_scope(engine) as session:
        save_mail_settings(session, SYSTEM, MailSettingsInput(
            host=smtp.host, port=str(smtp.port), security="none",
            from_address="fatture@retesicura.test", from_name="Rete Sicura",
            bcc="archivio@retesicura.test",
        ))  # fmt: skip
    engine.dispose()


def choose(page: Page, select: str, option: str) -> None:
    page.get_by_role("combobox", name=select).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_an_admin_sets_up_the_mail_server_and_a_test_e_mail_arrives(
    page: Page, app_server, smtp: MailServer
):
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/email")
    expect(page.get_by_role("heading", name="Mail server")).to_be_visible()
    expect(page.get_by_text("No password is stored.")).to_be_visible()

    page.get_by_label("Host").fill("smtp://127.0.0.1")
    page.get_by_label("From address").fill("fatture-at-retesicura")
    page.get_by_role("button", name="Save e-mail settings").click()
    expect(page.get_by_text("write only the name, e.g. smtp.example.com")).to_be_visible()
    expect(page.get_by_text("'fatture-at-retesicura' is not an e-mail address")).to_be_visible()

    page.get_by_label("Host").fill(smtp.host)
    choose(page, "Security", "None")
    expect(page.get_by_label("Port", exact=True)).to_have_value("25")  # followed the security
    page.get_by_label("Port", exact=True).fill(str(smtp.port))
    page.get_by_label("From name").fill("Rete Sicura")
    page.get_by_label("From address").fill("fatture@retesicura.test")
    expect(page.get_by_label("Send a test to")).to_have_value("admin@demo.test")
    page.get_by_role("button", name="Send test e-mail").click()
    expect(page.get_by_test_id("test-result")).to_contain_text(QUEUED)
    assert smtp.received[-1].rcpt_tos == ["admin@demo.test"]
    assert smtp.received[-1].message["From"] == "Rete Sicura <fatture@retesicura.test>"
    snap(page, "admin-email")

    page.get_by_role("button", name="Save e-mail settings").click()
    expect(page.get_by_text("E-mail settings saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Port", exact=True)).to_have_value(str(smtp.port))
    expect(page.get_by_label("From address")).to_have_value("fatture@retesicura.test")

    page.get_by_label("Port", exact=True).fill(str(smtp.port + 1))  # nothing listens there
    page.get_by_role("button", name="Send test e-mail").click()
    expect(page.get_by_test_id("test-result")).to_contain_text("Could not connect")
    snap(page, "admin-email-test-failed")


def test_a_billing_user_cannot_open_the_e_mail_settings(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/admin/email")
    expect(page.get_by_text("Your role (Billing) cannot open that page.")).to_be_visible()


def test_sending_a_draft_issues_it_and_the_message_arrives(
    page: Page, app_server, smtp: MailServer, mail_configured
):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing")
    page.get_by_test_id("invoice-row").filter(has_text="Draft").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/billing/invoices/\d+$"))
    expect(page.get_by_role("heading", name="Draft invoice")).to_be_visible()

    page.get_by_role("button", name="Send", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("textbox", name=re.compile(r"^To "))).not_to_have_value("")
    recipients = dialog.get_by_role("textbox", name=re.compile(r"^To ")).input_value()
    expect(dialog.get_by_label("Subject")).to_have_value("Invoice {number} from {company}")
    expect(dialog.get_by_text("Sending issues this Draft")).to_be_visible()
    dialog.get_by_label("Subject").fill("Fattura {numero}")
    dialog.get_by_role("button", name="Send", exact=True).click()
    expect(dialog.get_by_text("{numero} is not a placeholder")).to_be_visible()
    dialog.get_by_label("Subject").fill("Invoice {number} from {company}")
    snap(page, "invoice-send-dialog")
    before = len(smtp.received)
    dialog.get_by_role("button", name="Send", exact=True).click()

    expect(page.get_by_text("The server said: " + QUEUED)).to_be_visible()
    expect(dialog).to_be_hidden()
    heading = page.get_by_role("heading", name=re.compile(r"^Invoice \d{4}-\d{5}$"))
    expect(heading).to_be_visible()
    number = heading.inner_text().removeprefix("Invoice ")
    expect(page.get_by_role("combobox", name="Status")).to_contain_text("Sent")
    snap(page, "invoice-sent")
    (received,) = smtp.received[before:]
    assert received.rcpt_tos == [recipients, "archivio@retesicura.test"]
    assert received.message["Subject"] == f"Invoice {number} from Rete Sicura S.r.l."
    (attachment,) = received.message.iter_attachments()
    assert attachment.get_filename() == f"invoice-{number}.pdf"


def test_send_all_on_a_batch_reports_every_invoice(
    page: Page, app_server, smtp: MailServer, mail_configured
):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + "/billing/batches/new")
    expect(page.get_by_label("Name")).not_to_have_value("")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Save batch").click()
    expect(page).to_have_url(re.compile(r"/billing/batches/\d+$"))
    expect(page.get_by_test_id("invoice-row")).to_have_count(10)
    before = len(smtp.received)

    page.get_by_role("button", name="Send all").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Send all").click()
    summary = page.get_by_test_id("send-summary")
    expect(summary).to_have_text("9 sent · 1 skipped", timeout=120_000)
    results = page.get_by_test_id("send-result")
    expect(results).to_have_count(10)
    expect(results.filter(has_text="Skipped: no e-mail")).to_contain_text("Architetti Verdi")
    expect(page.get_by_test_id("batch-summary")).to_contain_text("9 Sent")
    snap(page, "batch-send-all")
    assert len(smtp.received) - before == 9

    page.get_by_role("button", name="Send all").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Send all").click()
    expect(summary).to_have_text("10 skipped", timeout=60_000)
    expect(results.filter(has_text="Skipped: already sent")).to_have_count(9)
    assert len(smtp.received) - before == 9
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_test_id("batch-sending")).to_be_hidden()
