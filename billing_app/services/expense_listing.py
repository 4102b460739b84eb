"""The expenses list: one page, searched in SQL, with the batch that billed each and
whether the one looking may still change it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from billing_app.domain.roles import Permission, can_edit_work_of
from billing_app.domain.work import LineKind, source_key
from billing_app.models import Contract, Customer, Expense
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.locks import billed_in
from billing_app.services.paging import ListPage, one_page, search_clause


@dataclass(frozen=True)
class ExpenseRow:
    id: int
    spent_on: dt.date
    customer: str
    currency: str
    ticket_id: int | None
    contract: str
    description: str
    amount: Decimal
    markup_percent: Decimal
    billable: bool
    billed_in: str | None  # the batch (or invoice) that locked it
    editable: bool  # by the one looking: their own (or billing staff) and not billed


def list_expenses(
    session: Session, actor: Actor, *, search: str = "", page: int = 0
) -> ListPage[ExpenseRow]:
    require(session, actor, Permission.VIEW_WORK, "see expenses")
    query = (
        select(Expense, Customer.name, Customer.currency, Contract.name)
        .join(Customer, col(Customer.id) == Expense.customer_id)
        .outerjoin(Contract, col(Contract.id) == Expense.contract_id)
    )
    found = search_clause(
        search,
        col(Customer.name),
        col(Expense.description),
        numbers=[col(Expense.id), col(Expense.ticket_id)],
    )
    if found is not None:
        query = query.where(found)
    newest_first = query.order_by(col(Expense.spent_on).desc(), col(Expense.id).desc())
    cut = one_page(session, newest_first, page)
    billed = billed_in(
        session, [source_key(LineKind.EXPENSE, e.id or 0) for e, _, _, _ in cut.results]
    )
    rows = []
    for expense, customer, currency, contract in cut.results:
        where = billed.get(source_key(LineKind.EXPENSE, expense.id or 0))
        own = expense.user_id == actor.user_id
        rows.append(
            ExpenseRow(
                expense.id or 0,
                expense.spent_on,
                customer,
                currency,
                expense.ticket_id,
                contract or "",
                expense.description,
                expense.amount,
                expense.markup_percent,
                expense.billable,
                where,
                where is None and can_edit_work_of(actor.role, own=own),
            )
        )
    return ListPage(rows, cut.total, cut.page, cut.pages)
