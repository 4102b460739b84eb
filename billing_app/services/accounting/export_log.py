"""What one export attempt of one invoice leaves behind, for any provider.

Success: status Exported (when it was not already past it), the InvoiceExport row (external id
and the version pushed), the audit event "via <provider>" and an ExportRecord, together in the
caller's transaction. Failure: only the ExportRecord with the provider's message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import ExportRecord, Invoice, InvoiceExport
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.invoices.status import set_status

BECOMES_EXPORTED = frozenset({InvoiceStatus.DRAFT, InvoiceStatus.SENT})


class Outcome(StrEnum):
    EXPORTED = "exported"
    FAILED = "failed"  # the provider refused it, or could not be reached
    MISSING_MAPPING = "missing_mapping"  # nothing was sent: map first


@dataclass(frozen=True)
class InvoiceExportResult:
    invoice_id: int
    number: str  # "Draft #12" while it has none
    outcome: Outcome
    message: str = ""
    external_id: str | None = None


@dataclass(frozen=True)
class Attempt:
    provider: Provider
    invoice_id: int
    version: int  # the version pushed
    key: str  # the idempotency key sent


def record_success(session: Session, actor: Actor, attempt: Attempt, external_id: str) -> None:
    invoice = session.get_one(Invoice, attempt.invoice_id)
    if invoice.status in BECOMES_EXPORTED:
        set_status(session, actor, attempt.invoice_id, InvoiceStatus.EXPORTED, Via.EXPORT)
    link = session.exec(
        select(InvoiceExport).where(
            InvoiceExport.invoice_id == attempt.invoice_id,
            InvoiceExport.provider == attempt.provider,
        )
    ).first()
    if link is None:
        link = InvoiceExport(invoice_id=attempt.invoice_id, provider=attempt.provider,
                             external_id=external_id, exported_version=attempt.version)  # fmt: skip
    link.external_id, link.exported_version, link.exported_at = (
        external_id, attempt.version, utcnow(),
    )  # fmt: skip
    session.add(link)
    record_audit(
        session, actor, "exported", entity="invoice", entity_id=attempt.invoice_id,
        invoice_id=attempt.invoice_id, to_value=external_id, via=Via.EXPORT,
        details=f"via {attempt.provider.label}",
    )  # fmt: skip
    _log(session, attempt, ExportResult.SUCCESS, external_id=external_id)


def record_failure(session: Session, attempt: Attempt, message: str) -> None:
    _log(session, attempt, ExportResult.FAILED, error=message)


def _log(
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
        )
    )
