"""The customer's billable work no invoice holds yet, offered on a Draft to add as lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from billing_app.domain.contracts import ContractType
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.work import LineKind
from billing_app.models import Contract, Expense, Invoice, Ticket, TimeEntry
from billing_app.models.invoice import unbilled
from billing_app.services.actor import Actor
from billing_app.services.authorization import require

SHOWN = 200  # of each kind, newest first: more than a Draft ever takes by hand


@dataclass(frozen=True)
class WorkItem:
    kind: LineKind  # TIME_ENTRY or EXPENSE
    id: int
    day: dt.date
    description: str
    minutes: int | None  # time entries
    amount: Decimal | None  # expenses, before markup
    blocked: str  # why it cannot be added here, or ""


BLOCKS = (ContractType.BLOCK_HOURS, ContractType.BLOCK_MONEY)
BY_BATCH = "Draws down a prepaid block: bill it in a batch."


def _blocked(kind: LineKind, contract: str | None) -> str:
    if contract in BLOCKS:
        return BY_BATCH
    if contract is None and kind is LineKind.TIME_ENTRY:
        return "No contract, so no rate: add it as a custom line."
    return ""


def _time_item(entry: TimeEntry, contract: str | None) -> WorkItem:
    ticket = f" · Ticket #{entry.ticket_id}" if entry.ticket_id else ""
    notes = f" · {entry.notes}" if entry.notes else ""
    return WorkItem(
        kind=LineKind.TIME_ENTRY, id=entry.id or 0, day=entry.started_at.date(),
        description=f"{entry.work_type}{ticket} · {entry.technician}{notes}",
        minutes=entry.duration_minutes, amount=None,
        blocked=_blocked(LineKind.TIME_ENTRY, contract),
    )  # fmt: skip


def _billed_under(row: type[TimeEntry] | type[Expense]) -> sa.ColumnElement[bool]:
    """The contract the work is billed under: the ticket's wins, as in a batch."""
    return col(Contract.id) == sa.func.coalesce(col(Ticket.contract_id), col(row.contract_id))


def unbilled_work_of(session: Session, actor: Actor, invoice_id: int) -> list[WorkItem]:
    require(session, actor, Permission.VIEW_BILLING, "see unbilled work")
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise BillingError("invoice_not_found", "That invoice does not exist (any more).")
    entries = session.exec(
        select(TimeEntry, Contract.type)
        .outerjoin(Ticket, col(Ticket.id) == TimeEntry.ticket_id)
        .outerjoin(Contract, _billed_under(TimeEntry))
        .where(TimeEntry.customer_id == invoice.customer_id, col(TimeEntry.billable),
               unbilled(col(TimeEntry.id), LineKind.TIME_ENTRY))
        .order_by(col(TimeEntry.started_at).desc(), col(TimeEntry.id).desc()).limit(SHOWN)
    ).all()  # fmt: skip
    expenses = session.exec(
        select(Expense, Contract.type)
        .outerjoin(Ticket, col(Ticket.id) == Expense.ticket_id)
        .outerjoin(Contract, _billed_under(Expense))
        .where(Expense.customer_id == invoice.customer_id, col(Expense.billable),
               unbilled(col(Expense.id), LineKind.EXPENSE))
        .order_by(col(Expense.spent_on).desc(), col(Expense.id).desc()).limit(SHOWN)
    ).all()  # fmt: skip
    return [_time_item(entry, contract) for entry, contract in entries] + [
        WorkItem(kind=LineKind.EXPENSE, id=e.id or 0, day=e.spent_on, description=e.description,
                 minutes=None, amount=e.amount, blocked=_blocked(LineKind.EXPENSE, contract))
        for e, contract in expenses
    ]  # fmt: skip
