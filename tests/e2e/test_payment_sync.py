"""Sync payments from the Billing page: a payment made in Xero marks the invoice Paid here."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from billing_app.db import create_db_engine, session_scope
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Invoice, InvoiceExport
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in
from tests.e2e.test_export import map_xero, statuses

SYNCED = re.compile(r"^Payments synced\. Xero: 1 payment recorded, 1 invoice now Paid")


def an_unpaid_invoice(database_url: str) -> int:
    """A Draft or Sent invoice of the demo data (an export issues a Draft)."""
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        unpaid = col(Invoice.status).in_([InvoiceStatus.DRAFT, InvoiceStatus.SENT])
        found = session.exec(select(Invoice.id).where(unpaid).order_by(col(Invoice.id))).first()
    engine.dispose()
    assert found is not None
    return found


def exported_as(database_url: str, invoice_id: int) -> tuple[str, float]:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        link = session.exec(
            select(InvoiceExport).where(InvoiceExport.invoice_id == invoice_id)
        ).one()
        total = session.get_one(Invoice, invoice_id).total
        found = link.external_id, float(total)
    engine.dispose()
    return found


def test_sync_payments_records_a_xero_payment_and_marks_the_invoice_paid(
    page: Page, app_server, accounting_servers
) -> None:
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/billing")
    expect(page.get_by_role("button", name="New batch")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("sync-payments")).to_have_count(0)  # nothing connected yet

    page.goto(app_server.url + "/admin/accounting")
    page.get_by_test_id("xero").get_by_role("button", name="Connect").click()
    expect(page.get_by_test_id("xero").get_by_text("Connected to Demo MSP Srl")).to_be_visible(
        timeout=20_000
    )
    map_xero(app_server.database_url)
    invoice_id = an_unpaid_invoice(app_server.database_url)
    page.goto(f"{app_server.url}/billing/invoices/{invoice_id}")
    page.get_by_test_id("export-invoice").click()
    page.get_by_test_id("export-to-xero").click()
    said = page.get_by_text(re.compile(r"exported to Xero\.$|^Not exported to Xero"))
    expect(said).to_be_visible(timeout=30_000)
    assert said.inner_text().endswith("exported to Xero."), said.inner_text()
    external_id, total = exported_as(app_server.database_url, invoice_id)
    paid = accounting_servers.xero.ledger.save_payment(
        {"Invoice": {"InvoiceID": external_id}, "Account": {"Code": "090"}, "Amount": total}
    )
    assert isinstance(paid, dict), paid

    page.goto(app_server.url + "/billing")
    page.get_by_test_id("sync-payments").click()
    expect(page.get_by_text(SYNCED)).to_be_visible(timeout=30_000)
    snap(page, "billing-payments-synced")
    assert statuses(app_server.database_url, [invoice_id]) == {InvoiceStatus.PAID}

    page.goto(app_server.url + "/admin/accounting")
    synced = page.get_by_test_id("xero").get_by_test_id("payments-synced")
    expect(synced).to_contain_text("1 payment recorded, 1 invoice now Paid", timeout=20_000)
    snap(page, "admin-accounting-payments-synced")

    page.goto(f"{app_server.url}/billing/invoices/{invoice_id}")
    links = page.get_by_test_id("accounting-links")
    expect(links).to_contain_text("Xero · Invoice", timeout=20_000)
    expect(links).to_contain_text("In Xero since")
    expect(page.get_by_text(re.compile(r"· payment · via Xero$"))).to_be_visible()
    page.get_by_role("button", name="Refund", exact=True).click()
    expect(links).to_contain_text("Refund credited in Xero since", timeout=30_000)
    snap(page, "invoice-refunded-credit-note")
    assert statuses(app_server.database_url, [invoice_id]) == {InvoiceStatus.REFUNDED}
    assert len(accounting_servers.xero.ledger.credit_notes) == 1
