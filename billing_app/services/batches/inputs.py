"""Everything a billing run needs from the database, loaded in a few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from billing_app.domain.contracts import ContractType
from billing_app.domain.money import ZERO
from billing_app.domain.run_inputs import (
    ExpenseInput,
    RunInput,
)
from billing_app.domain.time_lines import TimeWork
from billing_app.domain.work import LineKind, TicketStatus
from billing_app.models import (
    BlockBalance,
    Contract,
    Customer,
    Expense,
    Ticket,
    TimeEntry,
)
from billing_app.models.invoice import unbilled
from billing_app.services.batches.billed_keys import billed_keys, once_only_keys
from billing_app.services.batches.contract_inputs import contract_input, load_terms


@dataclass(frozen=True)
class RunFilters:
    customer_ids: frozenset[int] = frozenset()  # empty: every customer
    contract_types: frozenset[ContractType] = frozenset()  # empty: every type


@dataclass
class RunData:
    runs: list[RunInput] = field(default_factory=list)
    customers: dict[int, Customer] = field(default_factory=dict)
    contracts: dict[int, Contract] = field(default_factory=dict)


def utc_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time.min, dt.UTC),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, dt.UTC),
    )


def _contracts(
    session: Session, start: dt.date, end: dt.date, filters: RunFilters
) -> list[Contract]:
    query = select(Contract).where(
        col(Contract.active),
        col(Contract.start_date) <= end,
        sa.or_(col(Contract.end_date).is_(None), col(Contract.end_date) >= start),
    )
    if filters.customer_ids:
        query = query.where(col(Contract.customer_id).in_(filters.customer_ids))
    if filters.contract_types:
        query = query.where(col(Contract.type).in_(filters.contract_types))
    return list(session.exec(query.order_by(col(Contract.customer_id), col(Contract.id))))


def billable_time(
    session: Session, start: dt.date, end: dt.date, contract_ids: list[int]
) -> dict[int, list[TimeWork]]:
    """Billable, unbilled time in the period of Resolved/Closed tickets or direct contract
    time, per contract (the ticket's contract wins over the entry's)."""
    since, until = utc_bounds(start, end)
    owner = sa.func.coalesce(col(Ticket.contract_id), col(TimeEntry.contract_id))
    rows = (
        session.connection()
        .execute(
            sa.select(
                col(TimeEntry.id),
                col(TimeEntry.ticket_id),
                col(Ticket.subject),
                col(TimeEntry.started_at),
                col(TimeEntry.duration_minutes),
                col(TimeEntry.work_type),
                col(TimeEntry.rate_override),
                owner,
            )
            .outerjoin(Ticket, col(Ticket.id) == TimeEntry.ticket_id)
            .where(
                col(TimeEntry.billable),
                col(TimeEntry.started_at) >= since,
                col(TimeEntry.started_at) < until,
                owner.in_(contract_ids),
                sa.or_(
                    col(TimeEntry.ticket_id).is_(None),
                    col(Ticket.status).in_((TicketStatus.RESOLVED, TicketStatus.CLOSED)),
                ),
                unbilled(col(TimeEntry.id), LineKind.TIME_ENTRY),
            )
            .order_by(col(TimeEntry.started_at), col(TimeEntry.id))
        )
        .all()
    )  # columns, not entities: a month can hold a hundred thousand entries
    by_contract: dict[int, list[TimeWork]] = defaultdict(list)
    for entry_id, ticket_id, subject, started, minutes, work_type, override, contract_id in rows:
        by_contract[contract_id].append(
            TimeWork(entry_id or 0, ticket_id, subject or "", started.date(), minutes,
                     work_type, override)
        )  # fmt: skip
    return by_contract


def billable_expenses(
    session: Session, start: dt.date, end: dt.date, contract_ids: list[int]
) -> dict[int, list[ExpenseInput]]:
    owner = sa.func.coalesce(col(Ticket.contract_id), col(Expense.contract_id))
    rows = session.exec(
        select(Expense, owner)
        .outerjoin(Ticket, col(Ticket.id) == Expense.ticket_id)
        .where(
            col(Expense.billable),
            col(Expense.spent_on) >= start,
            col(Expense.spent_on) <= end,
            owner.in_(contract_ids),
            unbilled(col(Expense.id), LineKind.EXPENSE),
        )
        .order_by(col(Expense.spent_on), col(Expense.id))
    ).all()
    by_contract: dict[int, list[ExpenseInput]] = defaultdict(list)
    for e, contract_id in rows:
        assert e.id is not None
        by_contract[contract_id].append(
            ExpenseInput(e.id, e.spent_on, e.description, e.amount, e.markup_percent, e.ticket_id)
        )
    return by_contract


def _carried(session: Session, contract_ids: list[int], start: dt.date) -> dict[int, Decimal]:
    latest = (
        select(BlockBalance.contract_id, sa.func.max(BlockBalance.period_end).label("last"))
        .where(
            col(BlockBalance.contract_id).in_(contract_ids), col(BlockBalance.period_end) < start
        )
        .group_by(col(BlockBalance.contract_id))
        .subquery()
    )
    rows = session.exec(
        select(col(BlockBalance.contract_id), col(BlockBalance.balance)).join(
            latest,
            (latest.c.contract_id == BlockBalance.contract_id)
            & (latest.c.last == BlockBalance.period_end),
        )
    ).all()
    return {contract_id: balance for contract_id, balance in rows}


def load_run(
    session: Session, start: dt.date, end: dt.date, filters: RunFilters, locale: str
) -> RunData:
    contracts = _contracts(session, start, end, filters)
    ids = [c.id for c in contracts if c.id is not None]
    customers = {
        c.id: c
        for c in session.exec(
            select(Customer).where(col(Customer.id).in_({c.customer_id for c in contracts}))
        )
        if c.id is not None
    }
    terms = load_terms(session, ids)
    time = billable_time(session, start, end, ids)
    expenses = billable_expenses(session, start, end, ids)
    carried = _carried(session, ids, start)
    billed = billed_keys(session, once_only_keys(contracts, start, end, terms, time))
    data = RunData(customers=customers, contracts={c.id: c for c in contracts if c.id})
    for c in contracts:
        assert c.id is not None
        customer = customers[c.customer_id]
        data.runs.append(
            RunInput(
                start=start, end=end, locale=locale, currency=customer.currency,
                contract=contract_input(c, customer, terms, billed), time=time[c.id],
                expenses=expenses[c.id], carried=carried.get(c.id, ZERO),
                block_money_started=f"block_money:{c.id}" in billed, billed_keys=billed,
            )
        )  # fmt: skip
    return data
