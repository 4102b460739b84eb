"""Export batch on the Batch page: every invoice of the batch to one connected accounting system,
in the background, then a result per invoice (the provider's message when it refused). The
same panel shows the auto-export that follows the save of a batch."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.services.accounting.auto_export import (
    AutoExport,
    auto_export_providers,
    auto_export_to,
)
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


def run_toast(run: AutoExport) -> Any:
    everything = not run.error and run.exported == len(run.results)
    return (rx.toast.success if everything else rx.toast.error)(run.sentence)


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

    def _start(self, batch_id: int, providers: str) -> bool:
        """Inside `async with self`: False when a run is going on already."""
        if self.running:
            return False
        self.batch_id, self.provider, self.running = batch_id, providers, True
        self.results, self.summary, self.error = [], "", ""
        return True

    @rx.event(background=True)
    async def export_batch(self, provider_value: str) -> Any:
        provider = Provider(provider_value)
        async with self:
            raw = str(self.router.page.params.get("batch_id", ""))
            batch_id = int(raw) if raw.isdigit() else 0
            if not self._start(batch_id, provider.label):
                return None
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
        return [
            rx.toast.info(f"Export to {provider.label} finished: {said}."),
            BatchState.reload(batch_id),
        ]

    @rx.event(background=True)
    async def auto_export(self, batch_id: int) -> Any:
        """After a batch was saved: to each provider with auto-export on, one after the other.
        The batch is committed already; nothing here can undo it."""
        try:
            providers = await self.as_actor(auto_export_providers)
        except BillingError as error:
            return rx.toast.error(f"The batch was saved, but not exported: {error.message}")
        if not providers:
            return None
        async with self:
            if not self._start(batch_id, " and ".join(p.label for p in providers)):
                return None
        runs: list[AutoExport] = []
        try:
            for provider in providers:
                runs.append(await self.as_actor(auto_export_to, provider, batch_id))
                async with self:
                    self.results = [result_view(r) for run in runs for r in run.results]
        except BillingError as error:
            async with self:
                self.error, self.running = error.message, False
            return rx.toast.error(error.message)
        async with self:
            self.running, self.summary = False, " ".join(run.sentence for run in runs)
        return [*(run_toast(run) for run in runs), BatchState.reload(batch_id)]
