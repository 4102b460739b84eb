"""A flexible invoice: a Draft for one customer outside any batch, then the line builder."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.domain.errors import BillingError
from billing_app.services.customers import customer_choices
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.state.base import AppState


class NewInvoiceState(AppState):
    customers: list[str] = []
    customer: str = ""
    error: str = ""
    creating: bool = False
    _customer_ids: dict[str, int] = {}

    @rx.event(background=True)
    async def open(self) -> None:
        try:
            choices = await self.as_actor(customer_choices)
        except BillingError as error:
            async with self:
                self.error = error.message
            return
        async with self:
            self._customer_ids = {name: customer_id for customer_id, name in choices}
            self.customers, self.customer, self.error = list(self._customer_ids), "", ""

    @rx.event
    def choose_customer(self, name: str) -> None:
        self.customer, self.error = name, ""

    @rx.event(background=True)
    async def create(self) -> Any:
        async with self:
            customer_id = self._customer_ids.get(self.customer)
            if customer_id is None:
                self.error = "Choose the customer to invoice."
                return None
            self.creating = True
        try:
            invoice_id = await self.as_actor(create_flexible_invoice, customer_id)
        except BillingError as error:
            async with self:
                self.error, self.creating = error.message, False
            return None
        async with self:
            self.creating = False
        return rx.redirect(routes.invoice_route(invoice_id))
