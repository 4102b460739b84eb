"""Export on the Invoice page: pick one of the connected accounting systems, export in the
background, say how it went in a toast (the provider's own message when it refused)."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.services.accounting.export import connected_providers, export_invoices_to
from billing_app.services.accounting.export_log import InvoiceExportResult, Outcome
from billing_app.state.base import AppState
from billing_app.state.invoice import InvoiceState
from billing_app.state.invoice_links import InvoiceLinksState


class ProviderChoice(TypedDict):
    value: str
    label: str


class ExportTargets(rx.State, mixin=True):
    """The connected providers, loaded when an export button mounts."""

    providers: list[ProviderChoice] = []

    @rx.event(background=True)
    async def load_providers(self) -> None:
        try:
            found = await self.as_actor(connected_providers)  # type: ignore[attr-defined]
        except BillingError:
            found = []
        async with self:
            self.providers = [ProviderChoice(value=p.value, label=p.label) for p in found]


def toast_of(provider: Provider, result: InvoiceExportResult) -> Any:
    if result.outcome is Outcome.EXPORTED:
        return rx.toast.success(f"Invoice {result.number} exported to {provider.label}.")
    return rx.toast.error(f"Not exported to {provider.label}: {result.message}")


class InvoiceExportState(ExportTargets, AppState):
    exporting: bool = False

    @rx.event(background=True)
    async def export(self, provider_value: str) -> Any:
        async with self:
            if self.exporting:
                return None
            self.exporting = True
            invoice_id = (await self.get_state(InvoiceState)).invoice_id
        provider = Provider(provider_value)
        try:
            results = await self.as_actor(export_invoices_to, provider, [invoice_id])
        except BillingError as error:
            async with self:
                self.exporting = False
            return rx.toast.error(error.message)
        async with self:
            self.exporting = False
        return [*(toast_of(provider, r) for r in results), InvoiceState.reload,
                InvoiceLinksState.load(invoice_id)]  # fmt: skip
