from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day
from billing_app.domain.money import format_money
from billing_app.domain.status import InvoiceStatus
from billing_app.services.account import account_locale
from billing_app.services.audit import invoice_history
from billing_app.services.batches.listing import BatchRow, list_batches
from billing_app.services.customers import customer_choices
from billing_app.services.invoices.listing import (
    InvoiceFilters,
    InvoiceListRow,
    SortKey,
    list_invoices,
)
from billing_app.services.invoices.status import set_status
from billing_app.state.audit import AuditView, audit_view
from billing_app.state.base import AppState, call

STATUS_LABELS = [status.label for status in InvoiceStatus]
ALL_STATUSES, ALL_CUSTOMERS, ALL_BATCHES = "All statuses", "All customers", "All batches"
FILTERS = {"status_filter", "customer_filter", "batch_filter"}
STATUS_BY_LABEL = {status.label: status for status in InvoiceStatus}


class InvoiceView(TypedDict):
    id: int
    number: str
    created: str
    customer: str
    batch: str
    status: str
    total: str
    balance: str


def invoice_view(row: InvoiceListRow, locale: str) -> InvoiceView:
    return InvoiceView(
        id=row.id,
        number=row.number or "Draft",
        created=format_day(row.created_at.date(), locale),
        customer=row.customer,
        batch=row.batch or "—",
        status=row.status.label,
        total=format_money(row.total, row.currency, locale),
        balance=format_money(row.balance_due, row.currency, locale),
    )


class BatchView(TypedDict):
    id: int
    name: str
    period: str
    created: str
    invoices: int
    totals: str
    statuses: str


def batch_view(row: BatchRow, locale: str) -> BatchView:
    return BatchView(
        id=row.id,
        name=row.name,
        period=f"{format_day(row.period_start, locale)} – {format_day(row.period_end, locale)}",
        created=format_day(row.created_at.date(), locale),
        invoices=row.invoices,
        totals=" · ".join(format_money(t, c, locale) for c, t in row.totals.items()) or "—",
        statuses=", ".join(f"{n} {s.label}" for s, n in row.by_status.items()) or "—",
    )


class BillingState(AppState):
    rows: list[InvoiceView] = []
    batches: list[BatchView] = []
    page: int = 0
    pages: int = 1
    total: int = 0
    loading: bool = True
    error: str = ""
    pending_id: int = 0  # a Draft waiting for "Issue it?" to be confirmed
    pending_status: str = ""
    history_of: str = ""  # the invoice whose history is open, as its number or "Draft"
    history: list[AuditView] = []
    search: str = ""
    status_filter: str = ALL_STATUSES
    customer_filter: str = ALL_CUSTOMERS
    batch_filter: str = ALL_BATCHES
    since: str = ""
    until: str = ""
    sort: str = SortKey.NUMBER.value
    descending: bool = False
    customer_names: list[str] = [ALL_CUSTOMERS]
    batch_names: list[str] = [ALL_BATCHES]
    _customer_ids: dict[str, int] = {}
    _batch_ids: dict[str, int] = {}

    def _filters(self) -> InvoiceFilters:
        return InvoiceFilters(
            status=STATUS_BY_LABEL.get(self.status_filter),
            customer_id=self._customer_ids.get(self.customer_filter),
            batch_id=self._batch_ids.get(self.batch_filter),
            since=dt.date.fromisoformat(self.since) if self.since else None,
            until=dt.date.fromisoformat(self.until) if self.until else None,
            search=self.search,
            sort=SortKey(self.sort),
            descending=self.descending,
        )

    @rx.event(background=True)
    async def load(self) -> None:
        async with self:
            page, filters = self.page, self._filters()
        try:
            result = await self.as_actor(list_invoices, page, filters=filters)
            batches = await self.as_actor(list_batches)
            customers = await self.as_actor(customer_choices)
            locale = await call(account_locale)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self.rows = [invoice_view(row, locale) for row in result.rows]
            self.page, self.pages, self.total = result.page, result.pages, result.total
            self._customer_ids = {name: customer_id for customer_id, name in customers}
            self._batch_ids = {row.name: row.id for row in batches}
            self._set_if_changed("batches", [batch_view(row, locale) for row in batches])
            self._set_if_changed("customer_names", [ALL_CUSTOMERS, *self._customer_ids])
            self._set_if_changed("batch_names", [ALL_BATCHES, *self._batch_ids])
            self.loading, self.error = False, ""

    def _set_if_changed(self, name: str, value: list[Any]) -> None:
        """Every assignment goes to the browser: thousands of customer names would travel
        again with each sort, page and live reload (bench/billing_page.py)."""
        if getattr(self, name) != value:
            setattr(self, name, value)

    @rx.event
    def turn_page(self, step: int) -> Any:
        self.page = max(0, min(self.pages - 1, self.page + step))
        return BillingState.load

    @rx.event
    def apply_filters(self, form: dict[str, str]) -> Any:
        self.search = form.get("search", "")
        self.since, self.until = form.get("since", ""), form.get("until", "")
        self.page = 0
        return BillingState.load

    @rx.event
    def choose_filter(self, which: str, value: str) -> Any:
        if which in FILTERS:
            setattr(self, which, value)
        self.page = 0
        return BillingState.load

    @rx.event
    def sort_by(self, key: str) -> Any:
        """A second click on the same column reverses the order."""
        self.descending = not self.descending if self.sort == key else False
        self.sort, self.page = key, 0
        return BillingState.load

    @rx.event
    def request_status(self, invoice_id: int, current: str, target: str) -> Any:
        """Leaving Draft issues the invoice for good: ask first."""
        if current == InvoiceStatus.DRAFT.label and target != current:
            self.pending_id, self.pending_status = invoice_id, target
            return None
        return BillingState.apply_status(invoice_id, target)

    @rx.event
    def cancel_issue(self) -> None:
        self.pending_id, self.pending_status = 0, ""

    @rx.event
    def confirm_issue(self) -> Any:
        invoice_id, target = self.pending_id, self.pending_status
        self.pending_id, self.pending_status = 0, ""
        return BillingState.apply_status(invoice_id, target)

    @rx.event(background=True)
    async def apply_status(self, invoice_id: int, target: str) -> Any:
        try:
            change = await self.as_actor(set_status, invoice_id, STATUS_BY_LABEL[target])
        except BillingError as error:
            return [rx.toast.error(error.message), BillingState.load]
        name = f"Invoice {change.number}" if change.number else "The invoice"
        return [rx.toast.success(f"{name} is now {target}."), BillingState.load]

    @rx.event(background=True)
    async def open_history(self, invoice_id: int, label: str) -> Any:
        try:
            rows = await self.as_actor(invoice_history, invoice_id)
            locale = await call(account_locale)
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            self.history = [audit_view(row, locale) for row in rows]
            self.history_of = label
        return None

    @rx.event
    def close_history(self) -> None:
        self.history_of, self.history = "", []

    @rx.event(background=True)
    async def tick(self, _moment: str) -> Any:
        """Once a second: reload when someone changed the billing data."""
        return BillingState.load if await self.billing_changed() else None
