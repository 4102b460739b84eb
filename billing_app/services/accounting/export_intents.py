"""Exactly-once exports: what a run may have created in a provider without recording it.

Before the first call that could create an invoice in a provider, an ExportIntent row is
committed (invoice, provider, number, version, key). An intent whose invoice has no
InvoiceExport row for that provider means a run stopped between that call and its record
(a killed process, a lost answer): before creating the invoice again, in any grouping and
after any version change, the export looks it up in the provider by its number (or by the
reference carrying it where the provider numbers invoices) and links what it finds.
Invoices without an intent were never sent, so a fresh export costs no look-up calls.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from billing_app.domain.accounting import Provider
from billing_app.models import ExportIntent, Invoice, InvoiceExport
from billing_app.services.accounting.export_log import Attempt


def unresolved_intents(
    session: Session, provider: Provider, invoice_ids: Sequence[int]
) -> dict[int, ExportIntent]:
    """The intents of these invoices that no InvoiceExport row confirms, by invoice id."""
    if not invoice_ids:
        return {}
    linked = select(InvoiceExport.invoice_id).where(InvoiceExport.provider == provider)
    rows = session.exec(
        select(ExportIntent).where(
            ExportIntent.provider == provider,
            col(ExportIntent.invoice_id).in_(list(invoice_ids)),
            col(ExportIntent.invoice_id).not_in(linked),
        )
    ).all()
    return {row.invoice_id: row for row in rows}


def record_intents(session: Session, provider: Provider, attempts: Sequence[Attempt]) -> None:
    """One intent per invoice about to be sent to be created (refreshed on a rerun); the
    caller commits before the call."""
    ids = [attempt.invoice_id for attempt in attempts]
    rows = session.exec(select(Invoice.id, Invoice.number).where(col(Invoice.id).in_(ids))).all()
    numbers = {invoice_id: number for invoice_id, number in rows}
    existing = {
        row.invoice_id: row
        for row in session.exec(
            select(ExportIntent).where(
                ExportIntent.provider == provider, col(ExportIntent.invoice_id).in_(ids)
            )
        ).all()
    }
    for attempt in attempts:
        intent = existing.get(attempt.invoice_id) or ExportIntent(
            invoice_id=attempt.invoice_id, provider=provider, number="", invoice_version=0,
            idempotency_key="",
        )  # fmt: skip
        intent.number = numbers.get(attempt.invoice_id) or ""
        intent.invoice_version, intent.idempotency_key = attempt.version, attempt.key
        session.add(intent)
