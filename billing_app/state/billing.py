from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day
from billing_app.domain.money import format_money
from billing_app.services.accounting.export import connected_providers
from billing_app.services.accounting.payment_sync import sync_connected
from billing_app.services.accounting.sync_report import SyncReport
from billing_app.services.batches.listing import BatchRow, list_batches
from billing_app.state.base import AppState
from billing_app.state.invoice_table import ALL_BATCHES, InvoiceTable


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


def sync_said(reports: Sequence[SyncReport]) -> str:
    """The toast after Sync payments: one line per provider."""
    lines = [f"{r.provider.label}: {r.summary}" for r in reports]
    return "; ".join(lines) or "No accounting system is connected: nothing to sync."


class BillingState(InvoiceTable, AppState):
    batches: list[BatchView] = []
    can_sync: bool = False  # a provider is connected (the service checks the role again)
    syncing: bool = False

    @rx.event(background=True)
    async def load(self) -> None:
        try:
            locale = await self._load_rows()
            batches = await self.as_actor(list_batches)
            providers = await self.as_actor(connected_providers)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self._batch_ids = {row.name: row.id for row in batches}
            self._set_if_changed("batches", [batch_view(row, locale) for row in batches])
            self._set_if_changed("batch_names", [ALL_BATCHES, *self._batch_ids])
            self.loading, self.error = False, ""
            self.can_sync = bool(providers)

    @rx.event(background=True)
    async def sync_payments(self) -> Any:
        """Sync payments: every connected provider, then the invoices reload."""
        async with self:
            if self.syncing:
                return None
            self.syncing = True
        try:
            reports = await self.as_actor(sync_connected)
        except BillingError as error:
            async with self:
                self.syncing = False
            return rx.toast.error(error.message)
        async with self:
            self.syncing = False
        return [rx.toast.info(f"Payments synced. {sync_said(reports)}"), BillingState.load]
