"""The database side of one invoice's export attempt, each committed on its own.

Success: the status (when the transition table allows Exported by export), the audit event,
the InvoiceExport row (external id + version) and the ExportRecord, in ONE transaction.
Failure: only the ExportRecord with the provider's message; the invoice is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.status import InvoiceStatus, Via, can_transition
from billing_app.models import ExportRecord, Invoice, InvoiceExport
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.invoices.status import set_status

EXPORTED_ACTION = "exported"


class Outcome(StrEnum):
    EXPORTED = "exported"
    FAILED = "failed"
    MISSING_MAPPING = "missing_mapping"


@dataclass(frozen=True)
class ExportOutcome:
    invoice_id: int
    invoice: str  # its number, or "Draft #id"
    outcome: Outcome
    external_id: str | None = None
    message: str = ""  # the provider's message, or the mapping to fix


@dataclass(frozen=True)
class Attempt:
    invoice_id: int
    version: int  # the version pushed
    key: str  # its idempotency key


def label(session: Session, invoice_id: int) -> str:
    invoice = session.get(Invoice, invoice_id)
    number = invoice.number if invoice else None
    return number or f"Draft #{invoice_id}"


def record_success(
    session: Session, actor: Actor, provider: Provider, attempt: Attempt, external_id: str
) -> ExportOutcome:
    invoice = session.get_one(Invoice, attempt.invoice_id, populate_existing=True)
    if invoice.status is not InvoiceStatus.EXPORTED and can_transition(
        invoice.status, InvoiceStatus.EXPORTED, Via.EXPORT
    ):
        set_status(session, actor, attempt.invoice_id, InvoiceStatus.EXPORTED, Via.EXPORT)
        session.refresh(invoice)
    record_audit(
        session, actor, EXPORTED_ACTION, entity="invoice", entity_id=attempt.invoice_id,
        invoice_id=attempt.invoice_id, to_value=external_id, via=Via.EXPORT,
        details=f"via {provider.label}",
    )  # fmt: skip
    row = session.exec(
        select(InvoiceExport).where(
            InvoiceExport.invoice_id == attempt.invoice_id, InvoiceExport.provider == provider
        )
    ).first() or InvoiceExport(
        invoice_id=attempt.invoice_id, provider=provider, external_id=external_id,
        exported_version=invoice.version,
    )  # fmt: skip
    row.external_id, row.exported_version, row.exported_at = external_id, invoice.version, utcnow()
    session.add(row)
    session.add(
        ExportRecord(
            invoice_id=attempt.invoice_id, provider=provider, result=ExportResult.SUCCESS,
            invoice_version=attempt.version, idempotency_key=attempt.key,
            external_id=external_id,
        )
    )  # fmt: skip
    session.commit()
    return ExportOutcome(attempt.invoice_id, invoice.number or "", Outcome.EXPORTED, external_id)


def record_failure(
    session: Session,
    provider: Provider,
    attempt: Attempt,
    message: str,
    outcome: Outcome = Outcome.FAILED,
) -> ExportOutcome:
    session.add(
        ExportRecord(
            invoice_id=attempt.invoice_id, provider=provider, result=ExportResult.FAILED,
            invoice_version=attempt.version, idempotency_key=attempt.key, error=message,
        )
    )  # fmt: skip
    session.commit()
    return ExportOutcome(attempt.invoice_id, label(session, attempt.invoice_id), outcome,
                         message=message)  # fmt: skip
