"""Admin > Accounting: the export log, one page at a time."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TypedDict

from billing_app.services.accounting.export_log_listing import export_log
from billing_app.state.base import AppState
from billing_app.state.paged_list import PagedListState


class ExportLogView(TypedDict):
    id: int
    at: str
    invoice_id: int
    invoice_number: str
    provider: str
    document: str
    succeeded: bool
    external_id: str
    error: str


class ExportLogState(PagedListState, AppState):
    rows: list[ExportLogView] = []

    async def _fetch(self, search: str, page: int) -> tuple[list[ExportLogView], Any]:
        listed = await self.as_actor(export_log, page)
        return [ExportLogView(**asdict(row)) for row in listed.rows], listed  # type: ignore[typeddict-item]
