"""The "Add unbilled work" picker of a Draft: the customer's work no invoice holds yet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day, format_quantity
from billing_app.domain.money import format_money
from billing_app.domain.work import LineKind
from billing_app.services.account import account_locale
from billing_app.services.invoices.add_work import add_work_lines
from billing_app.services.invoices.unbilled_work import WorkItem, unbilled_work_of
from billing_app.state.base import call
from billing_app.state.invoice import InvoiceState


class WorkView(TypedDict):
    key: str  # "time_entry:12"
    kind: str
    day: str
    description: str
    quantity: str  # hours, or the expense's amount
    blocked: str


def work_view(item: WorkItem, currency: str, locale: str) -> WorkView:
    quantity = (
        f"{format_quantity(Decimal(item.minutes) / 60, locale, 2)} h" if item.minutes is not None
        else format_money(item.amount or Decimal(0), currency, locale)
    )  # fmt: skip
    return WorkView(
        key=f"{item.kind.value}:{item.id}",
        kind="Time" if item.kind is LineKind.TIME_ENTRY else "Expense",
        day=format_day(item.day, locale), description=item.description,
        quantity=quantity, blocked=item.blocked,
    )  # fmt: skip


class InvoiceWorkState(InvoiceState):
    picking: bool = False
    work: list[WorkView] = []
    chosen: list[str] = []
    adding: bool = False

    @rx.event(background=True)
    async def open_picker(self) -> Any:
        async with self:
            invoice_id, currency = self.invoice_id, self.currency
        try:
            items = await self.as_actor(unbilled_work_of, invoice_id)
            locale = await call(account_locale)
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            self.work = [work_view(item, currency, locale) for item in items]
            self.chosen, self.picking = [], True
        return None

    @rx.event
    def close_picker(self, is_open: bool = False) -> None:
        """Radix also reports the trigger's click (is_open=True): the loaded picker must stay."""
        if not is_open:
            self.picking, self.chosen = False, []

    @rx.event
    def choose(self, key: str, checked: bool) -> None:
        self.chosen = [k for k in self.chosen if k != key] + ([key] if checked else [])

    @rx.event(background=True)
    async def add_chosen(self) -> Any:
        async with self:
            invoice_id, chosen, self.adding = self.invoice_id, list(self.chosen), True
        ids = {kind: [int(k.split(":")[1]) for k in chosen if k.startswith(f"{kind}:")]
               for kind in (LineKind.TIME_ENTRY.value, LineKind.EXPENSE.value)}  # fmt: skip
        try:
            added = await self.as_actor(
                add_work_lines, invoice_id, time_entry_ids=ids[LineKind.TIME_ENTRY.value],
                expense_ids=ids[LineKind.EXPENSE.value],
            )  # fmt: skip
        except BillingError as error:
            async with self:
                self.adding = False
            return rx.toast.error(error.message)
        async with self:
            self.adding, self.picking, self.chosen = False, False, []
        noun = "line" if added == 1 else "lines"
        return [rx.toast.success(f"{added} {noun} added."), InvoiceState.reload]
