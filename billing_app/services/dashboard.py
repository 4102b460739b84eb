"""The home page's figures: what is waiting to be billed right now."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, func, select

from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind, TicketStatus
from billing_app.models import AccountSettings, BilledSource, Customer, Invoice, Ticket, TimeEntry

MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True)
class HomeCounts:
    customers: int
    open_tickets: int
    unbilled_hours: Decimal  # actual hours of billable time not yet on an invoice
    draft_invoices: int


def unbilled(source_id: Mapped[int | None], kind: LineKind) -> sa.ColumnElement[bool]:
    """True for a source that no live invoice has locked."""
    key = sa.literal(f"{kind.value}:").concat(sa.cast(source_id, sa.String))
    return ~sa.exists().where(col(BilledSource.source_key) == key)


def home_counts(session: Session) -> HomeCounts:
    open_statuses = (TicketStatus.OPEN, TicketStatus.PENDING)
    minutes = session.exec(
        select(func.coalesce(func.sum(TimeEntry.duration_minutes), 0)).where(
            col(TimeEntry.billable), unbilled(col(TimeEntry.id), LineKind.TIME_ENTRY)
        )
    ).one()
    return HomeCounts(
        customers=session.exec(select(func.count()).select_from(Customer)).one(),
        open_tickets=session.exec(
            select(func.count()).select_from(Ticket).where(col(Ticket.status).in_(open_statuses))
        ).one(),
        unbilled_hours=(Decimal(minutes) / MINUTES_PER_HOUR).quantize(Decimal("0.1")),
        draft_invoices=session.exec(
            select(func.count()).select_from(Invoice).where(Invoice.status == InvoiceStatus.DRAFT)
        ).one(),
    )


@dataclass(frozen=True)
class Overview:
    account_name: str
    locale: str
    currency: str
    counts: HomeCounts


def home_overview(session: Session) -> Overview:
    account = session.get(AccountSettings, 1)
    return Overview(
        account_name=account.legal_name if account else "Your company",
        locale=account.locale if account else "en_US",
        currency=account.currency if account else "USD",
        counts=home_counts(session),
    )
