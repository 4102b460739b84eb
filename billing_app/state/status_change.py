"""Changing an invoice's status from a select, wherever one is shown: leaving Draft asks first,
because it gives the invoice its number and freezes it."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.status import InvoiceStatus
from billing_app.services.invoices.status import set_status

STATUS_LABELS = [status.label for status in InvoiceStatus]
STATUS_BY_LABEL = {status.label: status for status in InvoiceStatus}


class StatusChange(rx.State, mixin=True):
    """Mixed into an AppState whose `load` shows the change (or `_reload` says what does)."""

    pending_id: int = 0  # a Draft waiting for "Issue it?" to be confirmed
    pending_status: str = ""

    def _reload(self) -> Any:
        # __class__, not type(): in a background event `self` is a proxy of the state
        return self.__class__.load

    @rx.event
    def request_status(self, invoice_id: int, current: str, target: str) -> Any:
        """Leaving Draft issues the invoice for good: ask first."""
        if current == InvoiceStatus.DRAFT.label and target != current:
            self.pending_id, self.pending_status = invoice_id, target
            return None
        return self.__class__.apply_status(invoice_id, target)

    @rx.event
    def cancel_issue(self) -> None:
        self.pending_id, self.pending_status = 0, ""

    @rx.event
    def confirm_issue(self) -> Any:
        invoice_id, target = self.pending_id, self.pending_status
        self.pending_id, self.pending_status = 0, ""
        return self.__class__.apply_status(invoice_id, target)

    @rx.event(background=True)
    async def apply_status(self, invoice_id: int, target: str) -> Any:
        try:
            change = await self.as_actor(set_status, invoice_id, STATUS_BY_LABEL[target])
        except BillingError as error:
            return [rx.toast.error(error.message), self._reload()]
        name = f"Invoice {change.number}" if change.number else "The invoice"
        return [rx.toast.success(f"{name} is now {target}."), self._reload()]
