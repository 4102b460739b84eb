"""The export log on Admin > Accounting: every attempt to push an invoice or the credit note of
its refund, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.accounting import ExportResult
from billing_app.domain.formats import format_moment
from billing_app.domain.roles import Permission
from billing_app.models import ExportRecord, Invoice
from billing_app.services.account import account_locale
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.paging import ListPage, list_page, one_page


@dataclass(frozen=True)
class ExportLogRow:
    id: int
    at: str  # in the account's locale, UTC
    invoice_id: int
    invoice_number: str  # "Draft #12" while it has none
    provider: str  # the provider's label
    document: str  # "Invoice", or "Credit note" (of the invoice's refund)
    succeeded: bool
    external_id: str
    error: str


def export_log(session: Session, actor: Actor, page: int = 0) -> ListPage[ExportLogRow]:
    require(session, actor, Permission.MANAGE_SETTINGS, "see the export log")
    query = (
        select(ExportRecord, Invoice.number)
        .join(Invoice, col(Invoice.id) == col(ExportRecord.invoice_id))
        .order_by(col(ExportRecord.attempted_at).desc(), col(ExportRecord.id).desc())
    )
    cut = one_page(session, query, page)
    locale = account_locale(session)
    rows = [
        ExportLogRow(
            id=record.id or 0,
            at=format_moment(record.attempted_at, locale),
            invoice_id=record.invoice_id,
            invoice_number=number or f"Draft #{record.invoice_id}",
            provider=record.provider.label,
            document=record.document.label,
            succeeded=record.result is ExportResult.SUCCESS,
            external_id=record.external_id or "",
            error=record.error,
        )
        for record, number in cut.results
    ]
    return list_page(rows, cut)
