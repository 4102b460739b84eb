from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

import reflex as rx
from babel.dates import format_date

from billing_app import routes
from billing_app.domain.contracts import ContractType
from billing_app.domain.errors import BillingError
from billing_app.domain.money import format_money
from billing_app.domain.periods import month_bounds, previous_month, previous_quarter
from billing_app.services.account import account_locale
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.preview import BatchPreview, preview_batch
from billing_app.services.batches.save import save_batch
from billing_app.services.customers import customer_choices
from billing_app.state.base import AppState, call
from billing_app.state.batch_export import BatchExportState

PRESETS = ["Last month", "This month", "Last quarter", "Custom"]
ALL_CUSTOMERS, ALL_TYPES = "All customers", "All contract types"
TYPE_BY_LABEL = {kind.label: kind for kind in ContractType}


class PreviewRow(TypedDict):
    customer: str
    contract: str
    lines: int
    net: str
    tax: str
    total: str


class ExceptionRow(TypedDict):
    kind: str
    message: str
    href: str  # the page to fix it on


def preset_period(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if preset == "This month":
        return month_bounds(today)
    if preset == "Last quarter":
        return previous_quarter(today)
    return previous_month(today)


def preview_rows(preview: BatchPreview, locale: str) -> list[PreviewRow]:
    def money(amount: Decimal, currency: str) -> str:
        return format_money(amount, currency, locale)

    return [
        PreviewRow(
            customer=i.customer, contract=i.contract, lines=len(i.lines),
            net=money(i.totals.net, i.currency), tax=money(i.totals.tax, i.currency),
            total=money(i.totals.total, i.currency),
        )
        for i in preview.invoices
    ]  # fmt: skip


class NewBatchState(AppState):
    name: str = ""
    preset: str = "Last month"
    start: str = ""
    end: str = ""
    customers: list[str] = [ALL_CUSTOMERS]
    customer: str = ALL_CUSTOMERS
    contract_types: list[str] = [ALL_TYPES, *TYPE_BY_LABEL]
    contract_type: str = ALL_TYPES
    rows: list[PreviewRow] = []
    exceptions: list[ExceptionRow] = []
    previewed: bool = False
    working: str = ""  # "previewing" or "saving" while it runs
    error: str = ""
    save_error: str = ""  # shown next to Save, where the clerk is looking
    _customer_ids: dict[str, int] = {}
    _locale: str = "en_US"

    def _apply_preset(self, preset: str) -> None:
        start, end = preset_period(preset, dt.datetime.now(dt.UTC).date())
        self.preset, self.start, self.end = preset, start.isoformat(), end.isoformat()
        self.name = str(format_date(start, "MMMM y", locale=self._locale)).capitalize()
        if preset == "Last quarter":
            self.name = f"Q{(start.month - 1) // 3 + 1} {start.year}"

    @rx.event(background=True)
    async def open(self) -> None:
        try:
            choices = await self.as_actor(customer_choices)
            locale = await call(account_locale)
        except BillingError as error:
            async with self:
                self.error = error.message
            return
        async with self:
            self._customer_ids = {name: customer_id for customer_id, name in choices}
            self.customers = [ALL_CUSTOMERS, *self._customer_ids]
            self._locale = locale
            self.rows, self.exceptions, self.previewed = [], [], False
            self.error, self.save_error, self.working = "", "", ""
            self.customer, self.contract_type = ALL_CUSTOMERS, ALL_TYPES  # a new run each time
            self._apply_preset("Last month")

    @rx.event
    def choose_preset(self, preset: str) -> None:
        if preset != "Custom":
            self._apply_preset(preset)
        else:
            self.preset = preset
        self.previewed = False

    @rx.event
    def set_name(self, value: str) -> None:
        self.name = value

    @rx.event
    def set_start(self, value: str) -> None:
        self.start, self.preset, self.previewed = value, "Custom", False

    @rx.event
    def set_end(self, value: str) -> None:
        self.end, self.preset, self.previewed = value, "Custom", False

    @rx.event
    def set_customer(self, value: str) -> None:
        self.customer, self.previewed = value, False

    @rx.event
    def set_contract_type(self, value: str) -> None:
        self.contract_type, self.previewed = value, False

    def _filters(self) -> RunFilters:
        customer = self._customer_ids.get(self.customer)
        kind = TYPE_BY_LABEL.get(self.contract_type)
        return RunFilters(
            customer_ids=frozenset({customer}) if customer else frozenset(),
            contract_types=frozenset({kind}) if kind else frozenset(),
        )

    def _period(self) -> tuple[dt.date, dt.date]:
        try:
            return dt.date.fromisoformat(self.start), dt.date.fromisoformat(self.end)
        except ValueError:
            raise BillingError("invalid_date", "Enter both dates of the period.") from None

    @rx.event(background=True)
    async def preview(self, form: dict[str, str]) -> None:
        async with self:
            self.name = form.get("name", self.name)
            self.customer = form.get("customer", self.customer)
            self.contract_type = form.get("contract_type", self.contract_type)
            self.working, self.error, self.save_error = "previewing", "", ""
            filters = self._filters()
            try:
                period = self._period()
            except BillingError as error:
                self.working, self.error = "", error.message
                return
            locale = self._locale
        try:
            result = await self.as_actor(preview_batch, *period, filters)
        except BillingError as error:
            async with self:
                self.working, self.error = "", error.message
            return
        async with self:
            self.rows = preview_rows(result, locale)
            self.exceptions = [
                ExceptionRow(
                    kind=e.kind.value.replace("_", " ").capitalize(),
                    message=e.message,
                    href=routes.fix_route(e.target, e.target_id),
                )
                for e in result.exceptions
            ]
            self.previewed, self.working = True, ""

    @rx.event(background=True)
    async def save(self) -> Any:
        async with self:
            self.working, self.save_error = "saving", ""
            name, filters = self.name, self._filters()
            period = self._period()
        try:
            saved = await self.as_actor(save_batch, name, *period, filters)
        except BillingError as error:
            async with self:
                self.working, self.save_error = "", error.message
            return None
        async with self:
            self.working, self.previewed = "", False
        return [
            rx.toast.success(f"Batch '{name}' saved with {len(saved.invoice_ids)} Draft invoices."),
            rx.redirect(routes.batch_route(saved.batch_id)),
            BatchExportState.auto_export(saved.batch_id),
        ]
