"""The invoice table shared by the Billing page and the Batch page: a state mixin, so each page
keeps its own filters, sort and page while the behaviour is written once."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day
from billing_app.domain.money import format_money
from billing_app.services.account import account_locale
from billing_app.services.audit import invoice_history
from billing_app.services.invoices.listing import (
    InvoiceFilters,
    InvoiceListRow,
    SortKey,
    list_invoices,
)
from billing_app.state.audit import AuditView, audit_view
from billing_app.state.base import call
from billing_app.state.paged import Paged
from billing_app.state.status_change import STATUS_BY_LABEL, StatusChange

ALL_STATUSES, ALL_BATCHES = "All statuses", "All batches"
FILTERS = {"status_filter", "batch_filter"}


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


class InvoiceTable(Paged, StatusChange, mixin=True):
    """Mixed into an AppState: `as_actor` comes from there. The page's state sets
    `_pinned_batch` when the table shows one batch only."""

    rows: list[InvoiceView] = []
    loading: bool = True
    error: str = ""
    history_of: str = ""  # the invoice whose history is open, as its number or "Draft"
    history: list[AuditView] = []
    status_filter: str = ALL_STATUSES
    customer: str = ""  # part of the customer's name: thousands of names make no select
    batch_filter: str = ALL_BATCHES
    since: str = ""
    until: str = ""
    sort: str = SortKey.NUMBER.value
    descending: bool = False
    batch_names: list[str] = [ALL_BATCHES]
    _batch_ids: dict[str, int] = {}
    _pinned_batch: int = 0

    def _filters(self) -> InvoiceFilters:
        return InvoiceFilters(
            status=STATUS_BY_LABEL.get(self.status_filter),
            customer=self.customer,
            batch_id=self._pinned_batch or self._batch_ids.get(self.batch_filter),
            since=dt.date.fromisoformat(self.since) if self.since else None,
            until=dt.date.fromisoformat(self.until) if self.until else None,
            search=self.search,
            sort=SortKey(self.sort),
            descending=self.descending,
        )

    def _set_if_changed(self, name: str, value: list[Any]) -> None:
        """Every assignment goes to the browser: the batch choices would travel again with
        each sort, page and live reload (bench/billing_page.py)."""
        if getattr(self, name) != value:
            setattr(self, name, value)

    async def _load_rows(self) -> str:
        """One page of invoices; returns the locale."""
        async with self:
            page, filters = self.page, self._filters()
        result = await self.as_actor(list_invoices, page, filters=filters)
        locale = await call(account_locale)
        async with self:
            self.rows = [invoice_view(row, locale) for row in result.rows]
            self._show_page(result)
        return locale

    def _reload_page(self) -> Any:
        """Sorting, filtering and paging change the rows only: the page's other parts (the
        batches tab, a batch's summary) stay as they are until something changes."""
        return self.__class__.load_rows

    @rx.event(background=True)
    async def load_rows(self) -> None:
        try:
            await self._load_rows()
        except BillingError as error:
            async with self:
                self.error = error.message
            return
        async with self:
            self.error = ""

    @rx.event
    def apply_filters(self, form: dict[str, str]) -> Any:
        self.search, self.customer = form.get("search", ""), form.get("customer", "")
        self.since, self.until = form.get("since", ""), form.get("until", "")
        self.page = 0
        return self._reload_page()

    @rx.event
    def choose_filter(self, which: str, value: str) -> Any:
        if which in FILTERS:
            setattr(self, which, value)
        self.page = 0
        return self._reload_page()

    @rx.event
    def sort_by(self, key: str) -> Any:
        """A second click on the same column reverses the order."""
        self.descending = not self.descending if self.sort == key else False
        self.sort, self.page = key, 0
        return self._reload_page()

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
        return self._reload() if await self.billing_changed() else None
