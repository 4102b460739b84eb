"""One process of the shared-budget test: exports its invoices to Xero, one export each, as a
separate backend worker would (its own engine, the budget store from the configuration)."""

from __future__ import annotations

from multiprocessing.synchronize import Barrier

from sqlmodel import Session

from billing_app.db import create_db_engine
from billing_app.domain.accounting import Provider
from billing_app.integrations.export_invoice import ExportMappings
from billing_app.models import User
from billing_app.services.accounting.xero_calls import XeroAccess
from billing_app.services.accounting.xero_export import export_invoices
from billing_app.services.sessions import actor_of

MAPPINGS = ExportMappings(Provider.XERO, sales_account="200", tax_codes={"22": "OUTPUT2"})


def export_each(
    database_url: str, user_id: int, invoice_ids: list[int], access: XeroAccess, start: Barrier
) -> None:
    engine = create_db_engine(database_url)
    start.wait(timeout=60)  # every process imported and connected: they start together
    with Session(engine, expire_on_commit=False) as session:
        actor = actor_of(session.get_one(User, user_id))
        for invoice_id in invoice_ids:
            (result,) = export_invoices(session, actor, [invoice_id], access, MAPPINGS)
            assert result.external_id, result.message
    engine.dispose()
