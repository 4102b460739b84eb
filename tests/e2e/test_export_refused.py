"""An export Xero refuses: the Draft took its number (numbers are never given back) and shows
Issued, not Exported; the Invoice page says why it is not in Xero (issue 15)."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from billing_app.db import create_db_engine, session_scope
from billing_app.domain.accounting import Provider
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Invoice, User
from billing_app.services.accounting.mappings import MappingsInput, save_mappings
from billing_app.services.sessions import actor_of
from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in


def a_draft_mapped_to_an_unknown_tax_type(database_url: str) -> int:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        admin = session.exec(select(User).where(User.email == "admin@demo.test")).one()
        mappings = MappingsInput(sales_account="200", tax_codes={"22": "BOGUS", "0": "NONE"})
        save_mappings(session, actor_of(admin), Provider.XERO, mappings)
        draft = session.exec(
            select(Invoice.id)
            .where(Invoice.status == InvoiceStatus.DRAFT)
            .order_by(col(Invoice.id))
        ).first()
    engine.dispose()
    assert draft is not None
    return draft


def test_a_draft_xero_refuses_is_issued_not_exported_and_says_why(
    page: Page, app_server, accounting_servers
) -> None:
    sign_in(page, app_server.url, "admin")
    page.goto(app_server.url + "/admin/accounting")
    page.get_by_test_id("xero").get_by_role("button", name="Connect").click()
    expect(page.get_by_test_id("xero").get_by_text("Connected to Demo MSP Srl")).to_be_visible(
        timeout=20_000
    )
    draft = a_draft_mapped_to_an_unknown_tax_type(app_server.database_url)
    page.goto(f"{app_server.url}/billing/invoices/{draft}")
    page.get_by_test_id("export-invoice").click()
    page.get_by_test_id("export-to-xero").click()
    expect(page.get_by_text("Not exported to Xero:").first).to_be_visible(timeout=30_000)
    page.reload()
    expect(page.get_by_role("combobox", name="Status")).to_have_text("Issued", timeout=20_000)
    expect(page.get_by_text("Not in Xero (tried")).to_be_visible()
    expect(page.get_by_text("BOGUS").first).to_be_visible()
    snap(page, "invoice-issued-export-refused")
