"""What one export attempt of one invoice leaves behind, for any provider.

Success: status Exported (when the transition table lets an export move it there), the
InvoiceExport row (external id and the invoice's version once exported), the audit event
"via <provider>" and an ExportRecord. Failure: only the ExportRecord with the provider's
message; the invoice is left as it was. Nothing is committed here: each export service commits
at its own checkpoints (after each call to the provider), so a crash before a checkpoint loses
the whole uncommitted chunk and a rerun sends it again with the same idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

from billing_app.domain.accounting import ExportedDocument, ExportResult, Provider
from billing_app.domain.status import InvoiceStatus, Via, can_transition
from billing_app.models import ExportRecord, Invoice, InvoiceExport
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.invoices.status import set_status


class Outcome(StrEnum):
    EXPORTED = "exported"
    FAILED = "failed"  # the provider refused it, or could not be reached
    MISSING_MAPPING = "missing_mapping"  # nothing was sent: map first


@dataclass(frozen=True)
class InvoiceExportResult:
    invoice_id: int
    number: str  # "Draft #12" while it has none
    outcome: Outcome
    message: str = ""  # the provider's message, or the mapping to fix
    external_id: str | None = None


@dataclass(frozen=True)
class Attempt:
    provider: Provider
    invoice_id: int
    version: int  # the version pushed
    key: str  # the idempotency key sent
    document: ExportedDocument = ExportedDocument.INVOICE


def invoice_label(invoice: Invoice) -> str:
    return invoice.number or f"Draft #{invoice.id}"


def record_success(
    session: Session, actor: Actor, attempt: Attempt, external_id: str
) -> InvoiceExportResult:
    invoice = session.get_one(Invoice, attempt.invoice_id, populate_existing=True)
    if can_transition(invoice.status, InvoiceStatus.EXPORTED, Via.EXPORT):
        set_status(session, actor, attempt.invoice_id, InvoiceStatus.EXPORTED, Via.EXPORT)
    link = session.exec(
        select(InvoiceExport).where(
            InvoiceExport.invoice_id == attempt.invoice_id,
            InvoiceExport.provider == attempt.provider,
        )
    ).first() or InvoiceExport(
        invoice_id=attempt.invoice_id, provider=attempt.provider, external_id=external_id,
        exported_version=invoice.version,
    )  # fmt: skip
    # the version after the status change: only content changes after it mean "export again"
    link.external_id, link.exported_version, link.exported_at = (
        external_id, invoice.version, utcnow(),
    )  # fmt: skip
    session.add(link)
    record_audit(
        session, actor, "exported", entity="invoice", entity_id=attempt.invoice_id,
        invoice_id=attempt.invoice_id, to_value=external_id, via=Via.EXPORT,
        details=f"via {attempt.provider.label}",
    )  # fmt: skip
    log_attempt(session, attempt, ExportResult.SUCCESS, external_id=external_id)
    return InvoiceExportResult(
        attempt.invoice_id, invoice_label(invoice), Outcome.EXPORTED, external_id=external_id
    )


def record_failure(
    session: Session, attempt: Attempt, message: str, outcome: Outcome = Outcome.FAILED
) -> InvoiceExportResult:
    log_attempt(session, attempt, ExportResult.FAILED, error=message)
    invoice = session.get(Invoice, attempt.invoice_id)
    number = invoice_label(invoice) if invoice else f"#{attempt.invoice_id}"
    return InvoiceExportResult(attempt.invoice_id, number, outcome, message)


def log_attempt(
    session: Session,
    attempt: Attempt,
    result: ExportResult,
    external_id: str | None = None,
    error: str = "",
) -> None:
    session.add(
        ExportRecord(
            invoice_id=attempt.invoice_id,
            provider=attempt.provider,
            result=result,
            invoice_version=attempt.version,
            idempotency_key=attempt.key,
            external_id=external_id,
            error=error,
            document=attempt.document,
        )
    )
