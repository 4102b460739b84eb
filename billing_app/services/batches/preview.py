"""What saving a batch would create, and what the clerk should look at first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, func, select

from billing_app.domain.contracts import ContractType
from billing_app.domain.draft_lines import DraftLine
from billing_app.domain.roles import Permission
from billing_app.domain.work import LineKind, TicketStatus
from billing_app.models import Customer, Expense, Invoice, Ticket, TimeEntry
from billing_app.models.invoice import unbilled
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.batches.inputs import RunFilters, utc_bounds
from billing_app.services.batches.pricing import InvoicePreview, price_period

CHANGE_WARNING = Decimal("0.30")  # a total this much above or below the previous period


class ExceptionKind(StrEnum):
    OPEN_TICKET = "open_ticket"
    NO_CONTRACT = "no_contract"
    ZERO_RATE = "zero_rate"
    NO_BILLING_EMAIL = "no_billing_email"
    BIG_CHANGE = "big_change"
    CANNOT_BILL = "cannot_bill"
    ALREADY_BILLED = "already_billed"


@dataclass(frozen=True)
class BatchException:
    kind: ExceptionKind
    message: str
    target: str  # what to open to fix it: "ticket", "time_entry", "expense", "customer", "contract"
    target_id: int


@dataclass(frozen=True)
class BatchPreview:
    start: dt.date
    end: dt.date
    invoices: list[InvoicePreview]
    exceptions: list[BatchException]


def preview_batch(
    session: Session, actor: Actor, start: dt.date, end: dt.date, filters: RunFilters
) -> BatchPreview:
    require(session, actor, Permission.VIEW_BILLING, "preview a batch")
    priced = price_period(session, start, end, filters)
    problems = [
        BatchException(ExceptionKind.CANNOT_BILL, refused.message, "contract", refused.contract_id)
        for refused in priced.unbillable
    ] + [
        BatchException(ExceptionKind.ALREADY_BILLED, left.message, "contract", left.contract_id)
        for left in priced.already_billed
    ]
    for invoice in priced.invoices:
        kind = ContractType(priced.contract_types[invoice.contract_id])
        problems += _zero_rates(invoice.lines, kind, invoice.contract_id)
    problems += _open_tickets(session, start, end, filters)
    problems += _without_contract(session, start, end, filters)
    problems += _no_billing_email(priced.invoices, session)
    problems += _big_changes(session, priced.invoices, start)
    return BatchPreview(start, end, priced.invoices, problems)


def _zero_rates(
    lines: list[DraftLine], kind: ContractType, contract_id: int
) -> list[BatchException]:
    if kind in (ContractType.BLOCK_HOURS, ContractType.BLOCK_MONEY):
        return []  # their time is on the invoice at no price on purpose
    return [
        BatchException(
            ExceptionKind.ZERO_RATE, f"{line.description}: billed at a zero rate.",
            "ticket" if line.ticket_id else "contract", line.ticket_id or contract_id,
        )
        for line in lines
        if line.kind in (LineKind.TICKET, LineKind.TIME_ENTRY)
        and line.unit_price == 0
        and not line.included
    ]  # fmt: skip


def _customer_filter(column: Mapped[int], filters: RunFilters) -> sa.ColumnElement[bool]:
    if not filters.customer_ids:
        return sa.true()
    return col(column).in_(filters.customer_ids)


def _open_tickets(
    session: Session, start: dt.date, end: dt.date, filters: RunFilters
) -> list[BatchException]:
    since, until = utc_bounds(start, end)
    tickets = session.exec(
        select(Ticket)
        .join(TimeEntry, col(TimeEntry.ticket_id) == Ticket.id)
        .where(
            col(Ticket.status).in_((TicketStatus.OPEN, TicketStatus.PENDING)),
            col(TimeEntry.started_at) >= since,
            col(TimeEntry.started_at) < until,
            col(TimeEntry.billable),
            _customer_filter(col(Ticket.customer_id), filters),
        )
        .distinct()
        .order_by(col(Ticket.id))
    ).all()
    return [
        BatchException(
            ExceptionKind.OPEN_TICKET,
            f"Ticket #{t.id} '{t.subject}' is {t.status.value} and has time in the period; "
            "resolve it to bill that time.",
            "ticket", t.id or 0,
        )
        for t in tickets
    ]  # fmt: skip


def _without_contract(
    session: Session, start: dt.date, end: dt.date, filters: RunFilters
) -> list[BatchException]:
    since, until = utc_bounds(start, end)
    no_contract = sa.func.coalesce(col(Ticket.contract_id), col(TimeEntry.contract_id)).is_(None)
    entries = session.exec(
        select(TimeEntry.id, TimeEntry.duration_minutes)
        .outerjoin(Ticket, col(Ticket.id) == TimeEntry.ticket_id)
        .where(
            col(TimeEntry.billable), col(TimeEntry.started_at) >= since,
            col(TimeEntry.started_at) < until, no_contract,
            unbilled(col(TimeEntry.id), LineKind.TIME_ENTRY),
            _customer_filter(col(TimeEntry.customer_id), filters),
        )
    ).all()  # fmt: skip
    no_contract_expense = sa.func.coalesce(col(Ticket.contract_id), col(Expense.contract_id)).is_(
        None
    )
    expenses = session.exec(
        select(Expense.id, Expense.description)
        .outerjoin(Ticket, col(Ticket.id) == Expense.ticket_id)
        .where(
            col(Expense.billable), col(Expense.spent_on) >= start, col(Expense.spent_on) <= end,
            no_contract_expense, unbilled(col(Expense.id), LineKind.EXPENSE),
            _customer_filter(col(Expense.customer_id), filters),
        )
    ).all()  # fmt: skip
    return [
        BatchException(ExceptionKind.NO_CONTRACT,
                       f"Time entry #{entry_id} ({minutes} min) has no contract to bill it under.",
                       "time_entry", entry_id or 0)
        for entry_id, minutes in entries
    ] + [
        BatchException(ExceptionKind.NO_CONTRACT,
                       f"Expense #{expense_id} '{description}' has no contract to bill it under.",
                       "expense", expense_id or 0)
        for expense_id, description in expenses
    ]  # fmt: skip


def _no_billing_email(invoices: list[InvoicePreview], session: Session) -> list[BatchException]:
    customer_ids = {i.customer_id for i in invoices}
    if not customer_ids:
        return []
    missing = session.exec(
        select(Customer.id, Customer.name)
        .where(col(Customer.id).in_(customer_ids), sa.func.trim(Customer.billing_emails) == "")
        .order_by(col(Customer.id))
    ).all()
    return [
        BatchException(
            ExceptionKind.NO_BILLING_EMAIL,
            f"{name} has no billing e-mail; add one before sending its invoice.",
            "customer", customer_id or 0,
        )
        for customer_id, name in missing
    ]  # fmt: skip


def _big_changes(
    session: Session, invoices: list[InvoicePreview], start: dt.date
) -> list[BatchException]:
    if not invoices:
        return []
    latest = (
        select(Invoice.contract_id, func.max(Invoice.period_end).label("last"))
        .where(col(Invoice.contract_id).in_([i.contract_id for i in invoices]),
               col(Invoice.period_end) < start)
        .group_by(col(Invoice.contract_id))
        .subquery()
    )  # fmt: skip
    previous = dict(
        session.exec(
            select(col(Invoice.contract_id), col(Invoice.total)).join(
                latest,
                (latest.c.contract_id == Invoice.contract_id)
                & (latest.c.last == Invoice.period_end),
            )
        ).all()
    )
    problems = []
    for invoice in invoices:
        before = previous.get(invoice.contract_id)
        if before and abs(invoice.totals.total - before) > before * CHANGE_WARNING:
            change = (invoice.totals.total - before) / before * 100
            problems.append(
                BatchException(
                    ExceptionKind.BIG_CHANGE,
                    f"{invoice.contract}: {invoice.totals.total} {invoice.currency} is "
                    f"{change:+.0f}% against the previous period ({before} {invoice.currency}).",
                    "contract", invoice.contract_id,
                )
            )  # fmt: skip
    return problems
