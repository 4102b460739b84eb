import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


def test_download_pdf_gives_the_invoice_as_a_pdf_file(page: Page, app_server, tmp_path: Path):
    sign_in(page, app_server.url, "read_only")
    page.goto(app_server.url + "/billing")
    page.get_by_test_id("invoice-row").filter(has_text="Draft").last.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/billing/invoices/(\d+)$"))
    invoice_id = page.url.rsplit("/", 1)[1]
    button = page.get_by_role("button", name="Download PDF")
    expect(button).to_be_visible()
    snap(page, "invoice_pdf_button")
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == f"draft-invoice-{invoice_id}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
