from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.domain.errors import BillingError
from billing_app.services.batches.delete import delete_batch
from billing_app.services.batches.listing import batch_summary
from billing_app.state.base import AppState
from billing_app.state.billing import BatchView, batch_view
from billing_app.state.invoice_table import InvoiceTable


class BatchState(InvoiceTable, AppState):
    batch: BatchView = BatchView(id=0, name="", period="", created="", invoices=0, totals="",
                                 statuses="")  # fmt: skip
    tickets: list[str] = []
    confirm_delete: bool = False
    deleting: bool = False

    def _batch_id(self) -> int:
        raw = str(self.router.page.params.get("batch_id", ""))
        return int(raw) if raw.isdigit() else 0

    @rx.event(background=True)
    async def load(self) -> None:
        """On opening the page: the batch its address names."""
        async with self:
            batch_id = self._batch_id()
        await self._load(batch_id)

    @rx.event(background=True)
    async def reload(self, batch_id: int) -> None:
        """After a run over the batch. By id: a run started on another page (auto-export
        after New batch) carries that page's address, not the batch's."""
        await self._load(batch_id)

    async def _load(self, batch_id: int) -> None:
        async with self:
            self.confirm_delete = False
            if batch_id != self._pinned_batch:  # another batch: start from its first page
                self._pinned_batch, self.page = batch_id, 0
        try:
            row, tickets = await self.as_actor(batch_summary, batch_id)
            locale = await self._load_rows()
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self.batch = batch_view(row, locale)
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
