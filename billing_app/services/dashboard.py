"""The home page's figures: what is waiting to be billed right now."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, func, select

from billing_app.domain.money import ZERO, quantize
from billing_app.domain.roles import Permission, can
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind, TicketStatus
from billing_app.models import (
    AccountSettings,
    Customer,
    Expense,
    Invoice,
    Ticket,
    TimeEntry,
)
from billing_app.models.invoice import unbilled
from billing_app.services.actor import Actor

MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True)
class HomeCounts:
    customers: int
    open_tickets: int
    unbilled_hours: Decimal  # actual hours of billable time not yet on an invoice
    draft_invoices: int


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
class UnbilledWork:
    customer_id: int
    customer: str
    currency: str
    hours: Decimal
    expenses: Decimal  # with markup, each expense rounded as its invoice line will be


def unbilled_by_customer(session: Session) -> list[UnbilledWork]:
    """Billable work no invoice holds yet, per customer, most hours first."""
    minutes = dict(
        session.exec(
            select(TimeEntry.customer_id, func.sum(TimeEntry.duration_minutes))
            .where(col(TimeEntry.billable), unbilled(col(TimeEntry.id), LineKind.TIME_ENTRY))
            .group_by(col(TimeEntry.customer_id))
        ).all()
    )
    expenses: dict[int, Decimal] = {}
    for expense, currency in session.exec(
        select(Expense, Customer.currency)
        .join(Customer, col(Customer.id) == Expense.customer_id)
        .where(col(Expense.billable), unbilled(col(Expense.id), LineKind.EXPENSE))
    ):
        billed = quantize(expense.amount * (1 + expense.markup_percent / 100), currency)
        expenses[expense.customer_id] = expenses.get(expense.customer_id, ZERO) + billed
    customers = session.exec(
        select(Customer).where(col(Customer.id).in_(set(minutes) | set(expenses)))
    ).all()
    work = [
        UnbilledWork(
            customer_id=customer.id,
            customer=customer.name,
            currency=customer.currency,
            hours=(Decimal(minutes.get(customer.id, 0)) / MINUTES_PER_HOUR).quantize(
                Decimal("0.01")
            ),
            expenses=expenses.get(customer.id, ZERO),
        )
        for customer in customers
        if customer.id is not None
    ]
    return sorted(work, key=lambda row: (-row.hours, row.customer))


@dataclass(frozen=True)
class Overview:
    account_name: str
    locale: str
    currency: str
    counts: HomeCounts
    billing_visible: bool  # False for technicians: no invoices, no amounts
    unbilled: list[UnbilledWork]


def home_overview(session: Session, actor: Actor) -> Overview:
    account = session.get(AccountSettings, 1)
    billing_visible = can(actor.role, Permission.VIEW_BILLING)
    return Overview(
        account_name=account.legal_name if account else "Your company",
        locale=account.locale if account else "en_US",
        currency=account.currency if account else "USD",
        counts=home_counts(session),
        billing_visible=billing_visible,
        unbilled=unbilled_by_customer(session) if billing_visible else [],
    )
