import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from billing_app.db import create_db_engine, session_scope
from billing_app.domain.periods import previous_month
from billing_app.services.actor import SYSTEM
from billing_app.services.batches.delete import delete_batch
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.save import SavedBatch, save_batch
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_batch(app_server) -> SavedBatch:
    """Last month's batch of the demo data: ten Draft invoices, one per contract."""
    start, end = previous_month(dt.datetime.now(dt.UTC).date())
    engine = create_db_engine(app_server.database_url)
    with session_scope(engine) as session:
        saved = save_batch(session, SYSTEM, f"{start:%B %Y}", start, end, RunFilters())
    engine.dispose()
    assert len(saved.invoice_ids) == 10
    return saved


def test_download_pdfs_shows_progress_and_gives_a_zip_of_every_invoice(
    page: Page, app_server, demo_batch: SavedBatch, tmp_path: Path
):
    sign_in(page, app_server.url, "billing")
    page.goto(f"{app_server.url}/billing/batches/{demo_batch.batch_id}")
    expect(page.get_by_test_id("invoice-row")).to_have_count(10)
    button = page.get_by_role("button", name="Download PDFs")
    with page.expect_download(timeout=120_000) as download_info:
        button.click()
        progress = page.get_by_test_id("pdf-progress")
        expect(progress).to_be_visible()
        expect(progress).to_contain_text(re.compile(r"Starting…|Rendering \d+ of 10…"))
        expect(button).to_be_disabled()
        snap(page, "batch_pdfs_rendering")
    download = download_info.value
    month = previous_month(dt.datetime.now(dt.UTC).date())[0]
    assert download.suggested_filename == f"{month:%B-%Y}-invoices.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(files) == sorted(f"draft-invoice-{i}.pdf" for i in demo_batch.invoice_ids)
    assert all(pdf.startswith(b"%PDF") for pdf in files.values())
    expect(page.get_by_text(f"10 invoice PDFs in {download.suggested_filename}.")).to_be_visible()
    expect(progress).to_have_count(0)
    expect(button).to_be_enabled()
    snap(page, "batch_pdfs_done")


def test_a_batch_deleted_meanwhile_is_explained_under_the_button(
    page: Page, app_server, demo_batch: SavedBatch
):
    sign_in(page, app_server.url, "read_only")
    page.goto(f"{app_server.url}/billing/batches/{demo_batch.batch_id}")
    expect(page.get_by_test_id("invoice-row")).to_have_count(10)
    expect(page.get_by_role("button", name="Delete batch")).to_have_count(0)
    engine = create_db_engine(app_server.database_url)
    with session_scope(engine) as session:
        delete_batch(session, SYSTEM, demo_batch.batch_id)  # a colleague, in another browser
    engine.dispose()
    page.get_by_role("button", name="Download PDFs").click()
    explained = page.get_by_role("alert").filter(has_text="That batch does not exist (any more).")
    expect(explained).to_be_visible()
    expect(page.get_by_test_id("pdf-progress")).to_have_count(0)
    snap(page, "batch_pdfs_error")
