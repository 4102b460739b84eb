"""Send all on the Batch page: every invoice of the batch in the background, one transaction
each, with "n of m" progress and a result per invoice. The page stays usable meanwhile."""

from __future__ import annotations

import asyncio
from typing import Any, TypedDict

import reflex as rx

from billing_app.db import session_scope
from billing_app.domain.errors import BillingError
from billing_app.services.mail.send_batch import (
    BatchSendResult,
    Outcome,
    batch_invoices_to_send,
    send_batch,
)
from billing_app.state.base import AppState, call
from billing_app.state.batch import BatchState

COLORS = {Outcome.SENT: "green", Outcome.NO_EMAIL: "gray", Outcome.ALREADY_SENT: "blue",
          Outcome.FAILED: "red"}  # fmt: skip


class ResultView(TypedDict):
    invoice_id: int
    invoice: str
    customer: str
    outcome: str
    color: str
    detail: str


def result_view(result: BatchSendResult) -> ResultView:
    return ResultView(invoice_id=result.invoice_id, invoice=result.invoice,
                      customer=result.customer, outcome=result.outcome.label,
                      color=COLORS[result.outcome], detail=result.detail)  # fmt: skip


def summary(results: list[BatchSendResult]) -> str:
    """ "3 sent · 1 skipped · 1 failed", leaving out what did not happen."""
    counts = {
        "sent": sum(r.outcome is Outcome.SENT for r in results),
        "skipped": sum(r.outcome in (Outcome.NO_EMAIL, Outcome.ALREADY_SENT) for r in results),
        "failed": sum(r.outcome is Outcome.FAILED for r in results),
    }
    return " · ".join(f"{count} {name}" for name, count in counts.items() if count)


class BatchSendingState(AppState):
    batch_id: int = 0  # the batch the results below are of
    confirming: bool = False
    running: bool = False
    done: int = 0
    total: int = 0
    results: list[ResultView] = []
    summary: str = ""
    error: str = ""

    @rx.var
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @rx.event
    def ask(self, value: bool) -> None:
        self.confirming = value

    @rx.event
    def dismiss(self) -> None:
        if not self.running:
            self.done, self.total, self.results, self.summary, self.error = 0, 0, [], "", ""

    @rx.event(background=True)
    async def send_all(self) -> Any:
        async with self:
            if self.running:
                return None
            raw = str(self.router.page.params.get("batch_id", ""))
            batch_id = int(raw) if raw.isdigit() else 0
            self.batch_id, self.confirming, self.running = batch_id, False, True
            self.done, self.total, self.results, self.summary, self.error = 0, 0, [], "", ""
        actor = await self.actor()
        try:
            if actor is None:
                raise BillingError("signed_out", "You are signed out; reload the page.")
            invoice_ids = await call(batch_invoices_to_send, actor, batch_id)
        except BillingError as error:
            async with self:
                self.error, self.running = error.message, False
            return None
        async with self:
            self.total = len(invoice_ids)
        results: list[BatchSendResult] = []
        sending = send_batch(session_scope, actor, invoice_ids)
        while (result := await asyncio.to_thread(next, sending, None)) is not None:
            results.append(result)
            async with self:
                self.results = [*self.results, result_view(result)]
                self.done = len(results)
        said = summary(results) or "nothing to send"
        async with self:
            self.running, self.summary = False, said
        return [rx.toast.info(f"Send all finished: {said}."), BatchState.reload(batch_id)]
