"""Admin > Tax rates: the named rates, one dialog to add or change one, and row actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.tax_rates import format_rate, typed_rate
from billing_app.services.account import account_locale
from billing_app.services.tax_rates import (
    TaxRateInput,
    TaxRateRow,
    create_tax_rate,
    list_tax_rates,
    move_tax_rate,
    set_default_tax_rate,
    set_tax_rate_archived,
    update_tax_rate,
)
from billing_app.state.base import AppState, call


class TaxRateView(TypedDict):
    id: int
    name: str
    rate: str  # in the account's locale: "5,5%"
    typed_rate: str  # as the dialog shows it: "5,5"
    note: str
    is_default: bool
    archived: bool
    first: bool
    last: bool


def tax_rate_views(rows: list[TaxRateRow], locale: str) -> list[TaxRateView]:
    return [
        TaxRateView(id=row.id, name=row.name, rate=format_rate(row.rate, locale),
                    typed_rate=typed_rate(row.rate, locale), note=row.note,
                    is_default=row.is_default, archived=row.archived, first=index == 0,
                    last=index == len(rows) - 1)
        for index, row in enumerate(rows)
    ]  # fmt: skip


class TaxRatesState(AppState):
    rates: list[TaxRateView] = []
    loading: bool = True
    error: str = ""
    editing: int = -1  # -1 closed, 0 new, else the rate's id
    form: dict[str, str] = {}
    field_errors: dict[str, str] = {}

    @rx.event(background=True)
    async def load(self) -> None:
        try:
            rows = await self.as_actor(list_tax_rates, include_archived=True)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        locale = await call(account_locale)
        async with self:
            self.rates, self.error, self.loading = tax_rate_views(rows, locale), "", False

    @rx.event
    def open_editor(self, rate: TaxRateView | None = None) -> None:
        self.field_errors = {}
        if rate is None:
            self.editing, self.form = 0, {}
            return
        self.editing = rate["id"]
        self.form = {"name": rate["name"], "rate": rate["typed_rate"], "note": rate["note"]}

    @rx.event
    def close_editor(self, is_open: bool = False) -> None:
        if not is_open:
            self.editing = -1

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        data = TaxRateInput(form.get("name", ""), form.get("rate", ""), form.get("note", ""))
        async with self:
            rate_id = self.editing
        errors = await (self.submit_form(update_tax_rate, rate_id, data) if rate_id
                        else self.submit_form(create_tax_rate, data))  # fmt: skip
        if errors:
            async with self:
                self.field_errors = errors
            return None
        async with self:
            self.editing, self.field_errors = -1, {}
        return [rx.toast.success(f"Saved {' '.join(data.name.split())}."), TaxRatesState.load]

    async def _act(self, fn: Callable[..., Any], *args: Any, done: str = "") -> Any:
        """A row action: its refusal as a toast; the list shows the rates as they are now."""
        try:
            name = await self.as_actor(fn, *args)
        except BillingError as error:
            return [rx.toast.error(error.message), TaxRatesState.load]
        return [rx.toast.success(f"{name} {done}"), TaxRatesState.load] if done else (
            TaxRatesState.load)  # fmt: skip

    @rx.event(background=True)
    async def make_default(self, rate_id: int) -> Any:
        return await self._act(set_default_tax_rate, rate_id,
                               done="is the default rate for new lines.")  # fmt: skip

    @rx.event(background=True)
    async def archive(self, rate_id: int) -> Any:
        return await self._act(set_tax_rate_archived, rate_id, True,
                               done="is archived: forms no longer offer it.")  # fmt: skip

    @rx.event(background=True)
    async def restore(self, rate_id: int) -> Any:
        return await self._act(set_tax_rate_archived, rate_id, False,
                               done="is offered again.")  # fmt: skip

    @rx.event(background=True)
    async def move(self, rate_id: int, step: int) -> Any:
        return await self._act(move_tax_rate, rate_id, step)
