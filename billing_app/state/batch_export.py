"""Export batch on the Batch page: every invoice of the batch to one connected accounting system,
in the background, then a result per invoice (the provider's message when it refused)."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.services.accounting.export import batch_invoice_ids, export_invoices_to
from billing_app.services.accounting.export_log import InvoiceExportResult, Outcome
from billing_app.state.base import AppState
from billing_app.state.batch import BatchState
from billing_app.state.invoice_export import ExportTargets

COLORS = {Outcome.EXPORTED: "green", Outcome.FAILED: "red", Outcome.MISSING_MAPPING: "amber"}
LABELS = {Outcome.EXPORTED: "Exported", Outcome.FAILED: "Failed",
          Outcome.MISSING_MAPPING: "Not mapped"}  # fmt: skip


class ExportResultView(TypedDict):
    invoice_id: int
    invoice: str
    outcome: str
    color: str
    detail: str


def result_view(result: InvoiceExportResult) -> ExportResultView:
    return ExportResultView(invoice_id=result.invoice_id, invoice=result.number,
                            outcome=LABELS[result.outcome], color=COLORS[result.outcome],
                            detail=result.message)  # fmt: skip


def summary(results: list[InvoiceExportResult]) -> str:
    """ "3 exported · 1 not mapped · 1 failed", leaving out what did not happen."""
    counts = {name.lower(): sum(r.outcome is outcome for r in results)
              for outcome, name in LABELS.items()}  # fmt: skip
    return " · ".join(f"{count} {name}" for name, count in counts.items() if count)


class BatchExportState(ExportTargets, AppState):
    batch_id: int = 0  # the batch the results below are of
    provider: str = ""  # its label
    running: bool = False
    results: list[ExportResultView] = []
    summary: str = ""
    error: str = ""

    @rx.event
    def dismiss(self) -> None:
        if not self.running:
            self.results, self.summary, self.error = [], "", ""

    @rx.event(background=True)
    async def export_batch(self, provider_value: str) -> Any:
        provider = Provider(provider_value)
        async with self:
            if self.running:
                return None
            raw = str(self.router.page.params.get("batch_id", ""))
            batch_id = int(raw) if raw.isdigit() else 0
            self.batch_id, self.provider, self.running = batch_id, provider.label, True
            self.results, self.summary, self.error = [], "", ""
        try:
            ids = await self.as_actor(batch_invoice_ids, batch_id)
            results = await self.as_actor(export_invoices_to, provider, ids) if ids else []
        except BillingError as error:
            async with self:
                self.error, self.running = error.message, False
            return None
        said = summary(results) or "nothing to export"
        async with self:
            self.results = [result_view(r) for r in results]
            self.running, self.summary = False, said
        return [rx.toast.info(f"Export to {provider.label} finished: {said}."), BatchState.load]
