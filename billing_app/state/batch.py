from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.domain.errors import BillingError
from billing_app.services.account import account_locale
from billing_app.services.batches.delete import delete_batch
from billing_app.services.batches.listing import batch_summary
from billing_app.services.invoices.listing import list_invoices
from billing_app.state.base import AppState, call
from billing_app.state.billing import BatchView, InvoiceView, batch_view, invoice_view


class BatchState(AppState):
    batch: BatchView = BatchView(id=0, name="", period="", created="", invoices=0, totals="",
                                 statuses="")  # fmt: skip
    invoices: list[InvoiceView] = []
    tickets: list[str] = []
    loading: bool = True
    error: str = ""
    confirm_delete: bool = False
    deleting: bool = False

    def _batch_id(self) -> int:
        raw = str(self.router.page.params.get("batch_id", ""))
        return int(raw) if raw.isdigit() else 0

    @rx.event(background=True)
    async def load(self) -> None:
        async with self:
            batch_id, self.confirm_delete = self._batch_id(), False
        try:
            row, tickets = await self.as_actor(batch_summary, batch_id)
            page = await self.as_actor(list_invoices, 0, batch_id)
            locale = await call(account_locale)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self.batch = batch_view(row, locale)
            self.invoices = [invoice_view(invoice, locale) for invoice in page.rows]
            self.tickets = [f"#{t.id} {t.subject}" for t in tickets]
            self.loading, self.error = False, ""

    @rx.event
    def ask_delete(self, value: bool) -> None:
        self.confirm_delete = value

    @rx.event(background=True)
    async def delete(self) -> Any:
        async with self:
            batch_id, name = self.batch["id"], self.batch["name"]
            self.deleting = True
        try:
            count = await self.as_actor(delete_batch, batch_id)
        except BillingError as error:
            async with self:
                self.deleting, self.confirm_delete, self.error = False, False, error.message
            return None
        async with self:
            self.deleting, self.confirm_delete = False, False
        return [
            rx.toast.success(f"Batch '{name}' deleted: {count} Drafts gone, their work unlocked."),
            rx.redirect(routes.BILLING),
        ]

    @rx.event(background=True)
    async def tick(self, _moment: str) -> Any:
        """Once a second: reload when someone changed the billing data."""
        return BatchState.load if await self.billing_changed() else None
