"""Drafts about to be exported take their number first: the provider must get it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import Invoice
from billing_app.services.actor import Actor
from billing_app.services.invoices.status import set_status


def issue_for_export(session: Session, actor: Actor, invoices: Sequence[Invoice]) -> None:
    """Each Draft becomes Issued (numbered, Draft → Issued by export): it shows Exported only
    once the provider confirmed it (export_log.record_success), so an export refused or cut
    short leaves it Issued, never Exported. An invoice number is never given back."""
    for invoice in invoices:
        if invoice.status is InvoiceStatus.DRAFT and invoice.id is not None:
            set_status(session, actor, invoice.id, InvoiceStatus.ISSUED, Via.EXPORT)
