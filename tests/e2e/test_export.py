"""Export from the Invoice and Batch pages to the local Xero server the app was started with:
first unmapped (the sentence says what to map), then mapped (the invoices become Exported)."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from billing_app.db import create_db_engine, session_scope
from billing_app.domain.accounting import Provider
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Invoice, InvoiceBatch, User
from billing_app.services.accounting.mappings import MappingsInput, save_mappings
from billing_app.services.sessions import actor_of
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

MISSING = re.compile(r"^Not exported to Xero: Invoice .+ cannot be exported: .+ in Admin > Acc")


def a_batch(database_url: str) -> tuple[int, list[int]]:
    """The demo data has no batch: its Draft and Sent invoices are put in one."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        batch = InvoiceBatch(name="Export test", period_start=dt.date(2026, 10, 1),
                             period_end=dt.date(2026, 10, 31))  # fmt: skip
        session.add(batch)
        session.flush()
        wanted = col(Invoice.status).in_([InvoiceStatus.DRAFT, InvoiceStatus.SENT])
        invoices = session.exec(select(Invoice).where(wanted).order_by(col(Invoice.id))).all()
        for invoice in invoices:
            invoice.batch_id = batch.id
            session.add(invoice)
        assert batch.id is not None and len(invoices) >= 2
        found = batch.id, [i.id for i in invoices if i.id is not None]
    engine.dispose()
    return found


def map_xero(database_url: str) -> None:
    """What an admin would save in Admin > Accounting (the demo data bills 22% and 0%)."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        admin = session.exec(select(User).where(User.email == "admin@demo.test")).one()
        mappings = MappingsInput(sales_account="200", tax_codes={"22": "OUTPUT2", "0": "NONE"},
                                 payment_account="090")  # fmt: skip
        save_mappings(session, actor_of(admin), Provider.XERO, mappings)
    engine.dispose()


def statuses(database_url: str, ids: list[int]) -> set[InvoiceStatus]:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        found = set(session.exec(select(Invoice.status).where(col(Invoice.id).in_(ids))).all())
    engine.dispose()
    return found


def test_an_invoice_and_a_batch_are_exported_to_the_connected_xero(
    page: Page, app_server, accounting_servers
) -> None:
    sign_in(page, app_server.url, "admin")
    batch_id, invoice_ids = a_batch(app_server.database_url)
    invoice_calls = accounting_servers.xero.calls["PUT Invoices"]  # the server outlives the test
    page.goto(f"{app_server.url}/billing/invoices/{invoice_ids[0]}")
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("export-invoice")).to_have_count(0)  # nothing connected yet

    page.goto(app_server.url + "/admin/accounting")
    page.get_by_test_id("xero").get_by_role("button", name="Connect").click()
    expect(page.get_by_test_id("xero").get_by_text("Connected to Demo MSP Srl")).to_be_visible(
        timeout=20_000
    )

    page.goto(f"{app_server.url}/billing/invoices/{invoice_ids[0]}")
    page.get_by_test_id("export-invoice").click()
    expect(page.get_by_test_id("export-to-quickbooks")).to_have_count(0)  # not connected
    snap(page, "invoice-export-menu")
    page.get_by_test_id("export-to-xero").click()
    expect(page.get_by_text(MISSING)).to_be_visible(timeout=30_000)
    snap(page, "invoice-export-missing-mapping")
    assert accounting_servers.xero.calls["PUT Invoices"] == invoice_calls

    map_xero(app_server.database_url)
    page.goto(f"{app_server.url}/billing/batches/{batch_id}")
    page.get_by_test_id("export-batch").click()
    page.get_by_test_id("export-batch-to-xero").click()
    summary = page.get_by_test_id("export-summary")
    expect(summary).to_have_text(f"{len(invoice_ids)} exported", timeout=90_000)
    expect(page.get_by_test_id("export-result")).to_have_count(len(invoice_ids))
    snap(page, "batch-export-results")
    assert statuses(app_server.database_url, invoice_ids) == {InvoiceStatus.EXPORTED}

    page.context.clear_cookies()  # a viewer sees the same pages without Export
    sign_in(page, app_server.url, "read_only")
    page.goto(f"{app_server.url}/billing/batches/{batch_id}")
    expect(page.get_by_role("button", name="Download PDFs")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("export-batch")).to_have_count(0)
    page.goto(f"{app_server.url}/billing/invoices/{invoice_ids[0]}")
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("export-invoice")).to_have_count(0)
