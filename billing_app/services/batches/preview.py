"""What saving a batch would create, and what the clerk should look at first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, func, select

from billing_app.domain.contract_lines import ContractBill, bill_contract
from billing_app.domain.contracts import ContractType
from billing_app.domain.draft_lines import DraftLine
from billing_app.domain.errors import BillingError
from billing_app.domain.periods import check_period
from billing_app.domain.roles import Permission
from billing_app.domain.totals import LineInput, Totals, compute_totals
from billing_app.domain.work import LineKind, TicketStatus
from billing_app.models import Customer, Expense, Invoice, Ticket, TimeEntry
from billing_app.models.invoice import unbilled
from billing_app.services.account import account_locale
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.batches.inputs import RunFilters, load_run, utc_bounds

CHANGE_WARNING = Decimal("0.30")  # a total this much above or below the previous period


class ExceptionKind(StrEnum):
    OPEN_TICKET = "open_ticket"
    NO_CONTRACT = "no_contract"
    ZERO_RATE = "zero_rate"
    NO_BILLING_EMAIL = "no_billing_email"
    BIG_CHANGE = "big_change"
    CANNOT_BILL = "cannot_bill"


@dataclass(frozen=True)
class BatchException:
    kind: ExceptionKind
    message: str
    target: str  # what to open to fix it: "ticket", "time_entry", "expense", "customer", "contract"
    target_id: int


@dataclass(frozen=True)
class InvoicePreview:
    customer_id: int
    customer: str
    contract_id: int
    contract: str
    currency: str
    lines: list[DraftLine]
    totals: Totals
    note: str
    balance: Decimal | None


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
    check_period(start, end)
    data = load_run(session, start, end, filters, account_locale(session))
    invoices: list[InvoicePreview] = []
    problems: list[BatchException] = []
    for run in data.runs:
        contract = data.contracts[run.contract.id]
        customer = data.customers[contract.customer_id]
        try:
            bill = bill_contract(run)
        except BillingError as error:
            problems.append(
                BatchException(
                    ExceptionKind.CANNOT_BILL, error.message, "contract", run.contract.id
                )
            )
            continue
        if not bill.lines:
            continue
        invoices.append(_invoice(customer, contract.id or 0, contract.name, bill))
        problems += _zero_rates(bill, contract.type, contract.id or 0)
    problems += _open_tickets(session, start, end, filters)
    problems += _without_contract(session, start, end, filters)
    problems += _no_billing_email(invoices, data.customers)
    problems += _big_changes(session, invoices, start)
    return BatchPreview(start, end, invoices, problems)


def _invoice(customer: Customer, contract_id: int, name: str, bill: ContractBill) -> InvoicePreview:
    assert customer.id is not None
    inputs = [LineInput(line.quantity, line.unit_price, line.tax_rate) for line in bill.lines]
    return InvoicePreview(
        customer_id=customer.id, customer=customer.name, contract_id=contract_id, contract=name,
        currency=customer.currency, lines=bill.lines,
        totals=compute_totals(inputs, customer.currency), note=bill.note, balance=bill.balance,
    )  # fmt: skip


def _zero_rates(bill: ContractBill, kind: ContractType, contract_id: int) -> list[BatchException]:
    if kind in (ContractType.BLOCK_HOURS, ContractType.BLOCK_MONEY):
        return []  # their time is on the invoice at no price on purpose
    return [
        BatchException(
            ExceptionKind.ZERO_RATE, f"{line.description}: billed at a zero rate.",
            "ticket" if line.ticket_id else "contract", line.ticket_id or contract_id,
        )
        for line in bill.lines
        if line.kind in (LineKind.TICKET, LineKind.TIME_ENTRY)
        and line.unit_price == 0
        and not line.description.endswith("(included)")
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


def _no_billing_email(
    invoices: list[InvoicePreview], customers: dict[int, Customer]
) -> list[BatchException]:
    missing = {
        i.customer_id for i in invoices if not customers[i.customer_id].billing_emails.strip()
    }
    return [
        BatchException(
            ExceptionKind.NO_BILLING_EMAIL,
            f"{customers[c].name} has no billing e-mail; add one before sending its invoice.",
            "customer", c,
        )
        for c in sorted(missing)
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
