"""Deleting a batch: its Draft invoices go, and the work they billed is unlocked."""

from __future__ import annotations

from sqlmodel import Session, select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Invoice, InvoiceBatch
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require


def delete_batch(session: Session, actor: Actor, batch_id: int) -> int:
    """Refused once any invoice has left Draft. Returns how many invoices were deleted."""
    require(session, actor, Permission.CHANGE_BILLING, "delete batches")
    batch = session.get(InvoiceBatch, batch_id)
    if batch is None:
        raise BillingError("batch_not_found", "That batch no longer exists; reload the page.")
    invoices = session.exec(select(Invoice).where(Invoice.batch_id == batch_id)).all()
    issued = [i for i in invoices if i.status is not InvoiceStatus.DRAFT]
    if issued:
        listed = ", ".join(f"{i.number} ({i.status.label})" for i in issued[:5])
        more = f" and {len(issued) - 5} more" if len(issued) > 5 else ""
        raise BillingError(
            "batch_has_issued_invoices",
            f"Batch '{batch.name}' cannot be deleted: invoice {listed}{more} already left Draft. "
            "Credit those invoices instead, or delete their Drafts one by one.",
        )
    for invoice in invoices:
        session.delete(invoice)  # its lines, locks and block balances go with it
    session.flush()
    record_audit(
        session, actor, "batch_deleted", entity="batch", entity_id=batch_id,
        from_value=f"{len(invoices)} invoices", details=batch.name,
    )  # fmt: skip
    session.delete(batch)
    session.flush()
    return len(invoices)
