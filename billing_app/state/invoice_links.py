"""The Invoice page's Accounting card: where the invoice stands in Xero and QuickBooks."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.services.accounting.invoice_links import accounting_links
from billing_app.state.base import AppState


class LinkView(TypedDict):
    title: str  # "Xero · Invoice"
    state: str  # LinkState value: in, failed, pending
    sentence: str
    external_id: str


class InvoiceLinksState(AppState):
    links: list[LinkView] = []

    @rx.event(background=True)
    async def load(self, invoice_id: int) -> None:
        try:
            found = await self.as_actor(accounting_links, invoice_id)
        except BillingError:
            found = []
        async with self:
            self.links = [
                LinkView(title=f"{link.provider} · {link.document}", state=link.state.value,
                         sentence=link.sentence, external_id=link.external_id)
                for link in found
            ]  # fmt: skip
