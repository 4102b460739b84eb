from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.formats import format_day, format_quantity
from billing_app.domain.money import format_money
from billing_app.services.account import account_locale
from billing_app.services.expense_listing import ExpenseRow, list_expenses
from billing_app.services.expenses import (
    ExpenseInput,
    create_expense,
    expense_input,
    update_expense,
)
from billing_app.state.base import AppState, call
from billing_app.state.paged_list import PagedListState
from billing_app.state.work_editor import WorkEditorState


class ExpenseView(TypedDict):
    id: int
    day: str
    customer: str
    ticket: str
    contract: str
    description: str
    amount: str
    markup: str
    billable: bool
    billed_in: str
    editable: bool


def expense_view(row: ExpenseRow, locale: str) -> ExpenseView:
    markup = row.markup_percent
    return ExpenseView(
        id=row.id,
        day=format_day(row.spent_on, locale),
        customer=row.customer,
        ticket=f"#{row.ticket_id}" if row.ticket_id else "—",
        contract=row.contract,
        description=row.description,
        amount=format_money(row.amount, row.currency, locale),
        markup=f"{format_quantity(markup, locale, decimals=1)} %" if markup else "—",
        billable=row.billable,
        billed_in=row.billed_in or "",
        editable=row.editable,
    )


class ExpensesState(PagedListState, WorkEditorState, AppState):
    rows: list[ExpenseView] = []

    async def _fetch(self, search: str, page: int) -> tuple[list[ExpenseView], Any]:
        listed = await self.as_actor(list_expenses, search=search, page=page)
        locale = await call(account_locale)
        return [expense_view(row, locale) for row in listed.rows], listed

    @rx.event(background=True)
    async def open_editor(self, expense_id: int = 0) -> Any:
        today = dt.datetime.now(dt.UTC).date().isoformat()
        blank = ExpenseInput(customer="", spent_on=today, description="", amount="")
        if expense_id:
            problem = await self._open_form(expense_id, expense_input, expense_id)
        else:
            problem = await self._open_form(0, None, blank)
        return rx.toast.error(problem) if problem else None

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        data = await self._save(ExpenseInput, create_expense, update_expense, form)
        if data is None:
            return None
        return [rx.toast.success(f"Saved the expense {data.description}."), ExpensesState.load]
