"""Auto-export: once a batch is saved (and committed), its invoices go to every connected
provider whose connection has auto_export on. The batch stays saved whatever happens here; a
provider that cannot be reached at all still leaves one failed attempt per invoice in the
export log, so the log tells why the batch is not in the accounting system."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import export_key
from billing_app.domain.roles import Permission
from billing_app.models import Invoice
from billing_app.services.accounting.connection_row import live_connections
from billing_app.services.accounting.export import batch_invoice_ids, export_invoices_to
from billing_app.services.accounting.export_log import (
    Attempt,
    InvoiceExportResult,
    Outcome,
    record_failure,
)
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


@dataclass(frozen=True)
class AutoExport:
    provider: Provider
    results: list[InvoiceExportResult]
    error: str = ""  # why nothing could be exported, when the provider refused the whole run

    @property
    def exported(self) -> int:
        return sum(result.outcome is Outcome.EXPORTED for result in self.results)

    @property
    def sentence(self) -> str:
        """What the toast says."""
        if self.error:
            return f"Nothing exported to {self.provider.label}: {self.error}"
        said = f"Exported {self.exported} of {len(self.results)} invoices to {self.provider.label}"
        if self.exported < len(self.results):
            return said + "; the results below say why the others were not."
        return said + "."


def auto_export_providers(session: Session, actor: Actor) -> list[Provider]:
    """The connected providers a saved batch goes to by itself, in Provider order."""
    require(session, actor, Permission.CHANGE_BILLING, "export invoices")
    chosen = {row.provider for row in live_connections(session) if row.auto_export}
    return [provider for provider in Provider if provider in chosen]


def _log_refusal(
    session: Session, provider: Provider, invoice_ids: Sequence[int], message: str
) -> list[InvoiceExportResult]:
    invoices = session.exec(select(Invoice).where(col(Invoice.id).in_(invoice_ids))).all()
    versions = {invoice.id: invoice.version for invoice in invoices}
    results = []
    for invoice_id in invoice_ids:
        version = versions.get(invoice_id, 0)
        attempt = Attempt(provider, invoice_id, version, export_key(provider, invoice_id, version))
        results.append(record_failure(session, attempt, message))
    return results


def auto_export_to(session: Session, actor: Actor, provider: Provider, batch_id: int) -> AutoExport:
    """Every invoice of the batch to one provider; a refusal of the whole run (connection
    lapsed, provider down) is logged per invoice and returned, not raised."""
    invoice_ids = batch_invoice_ids(session, actor, batch_id)
    try:
        return AutoExport(provider, export_invoices_to(session, actor, provider, invoice_ids))
    except BillingError as error:
        session.rollback()
        results = _log_refusal(session, provider, invoice_ids, error.message)
        session.commit()
        return AutoExport(provider, results, error.message)
