"""Download PDFs on the Batch page: the zip is made off the event loop, in worker
processes, while the page shows how far it got."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.services.batches.pdfs import batch_pdfs
from billing_app.state.base import AppState, call
from billing_app.state.batch import BatchState

POLL_SECONDS = 0.3  # how often the page hears of progress: a few updates a second at most


class Seen:
    """The last (done, total) the rendering thread reported, for the event loop to read
    (two ints written by one thread: no lock needed)."""

    def __init__(self) -> None:
        self.done, self.total = 0, 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


class BatchPdfsState(AppState):
    rendering: bool = False
    done: int = 0
    total: int = 0
    error: str = ""

    @rx.event
    def forget(self) -> None:
        """On showing the button: last time's error belongs to last time."""
        if not self.rendering:
            self.error = ""

    @rx.event(background=True)
    async def download(self) -> Any:
        async with self:
            if self.rendering:
                return None
            batch_id = (await self.get_state(BatchState)).batch["id"]
            self.rendering, self.done, self.total, self.error = True, 0, 0, ""
        seen = Seen()
        try:
            actor = await self.signed_in_actor()
            job = asyncio.ensure_future(call(batch_pdfs, actor, batch_id, progress=seen))
            while not job.done():
                await asyncio.wait({job}, timeout=POLL_SECONDS)
                async with self:
                    self.done, self.total = seen.done, seen.total
            zipped = job.result()
        except BillingError as error:
            async with self:
                self.error = error.message
            return None
        finally:
            async with self:
                self.rendering = False
        return [
            rx.download(data=zipped.data, filename=zipped.file_name, mime_type="application/zip"),
            rx.toast.success(f"{zipped.count} invoice PDFs in {zipped.file_name}."),
        ]
