"""The CSV import dialog: choose a file, see every row with its errors, import all or none."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.services.imports.csv_import import (
    ImportPreview,
    import_rows,
    preview_import,
    template_csv,
)
from billing_app.services.imports.kinds import IMPORTERS, ImportKind
from billing_app.state.base import AppState
from billing_app.state.expenses import ExpensesState
from billing_app.state.tickets import TicketsState
from billing_app.state.time_entries import TimeEntriesState

SHOWN_ROWS = 100  # the first rows, plus every wrong one (up to as many again)
RELOAD = {
    ImportKind.TICKETS: TicketsState.load,
    ImportKind.TIME_ENTRIES: TimeEntriesState.load,
    ImportKind.EXPENSES: ExpensesState.load,
}


class ImportRowView(TypedDict):
    number: int
    cells: list[str]
    errors: str
    bad: bool


def shown_rows(preview: ImportPreview) -> list[ImportRowView]:
    rows = [r for i, r in enumerate(preview.rows) if i < SHOWN_ROWS or r.errors]
    return [
        ImportRowView(number=r.number, cells=r.cells, errors=" ".join(r.errors), bad=bool(r.errors))
        for r in rows[: 2 * SHOWN_ROWS]
    ]


class CsvImportState(AppState):
    kind: str = ""  # an ImportKind while the dialog is open
    file_name: str = ""
    columns: list[str] = []
    rows: list[ImportRowView] = []
    row_count: int = 0
    invalid: int = 0
    error: str = ""
    busy: bool = False
    _data: bytes = b""

    @rx.var
    def kind_label(self) -> str:
        return ImportKind(self.kind).label if self.kind else ""

    @rx.var
    def column_help(self) -> str:
        if not self.kind:
            return ""
        importer = IMPORTERS[ImportKind(self.kind)]
        return (
            f"Header row required. Columns: {', '.join(importer.required)} (required); "
            f"{', '.join(importer.optional)} (optional). The customer by its name, the "
            "ticket by its number, dates as YYYY-MM-DD, durations as 90 or 1:30, amounts like "
            "1234.50, billable as yes or no."
        )

    @rx.event
    def open_import(self, kind: str) -> None:
        self.kind, self.file_name, self._data = kind, "", b""
        self.columns, self.rows, self.row_count, self.invalid, self.error = [], [], 0, 0, ""

    @rx.event
    def close_import(self, is_open: bool = False) -> None:
        if not is_open:
            self.kind = ""

    @rx.event
    def download_template(self) -> Any:
        kind = ImportKind(self.kind)
        return rx.download(
            data=template_csv(kind), filename=f"{kind.value}.csv", mime_type="text/csv"
        )

    @rx.event
    async def upload(self, files: list[rx.UploadFile]) -> Any:
        if not files:
            return None
        self._data = await files[0].read()
        self.file_name = files[0].name or "the file"
        self.busy, self.error, self.rows = True, "", []
        return CsvImportState.preview

    @rx.event(background=True)
    async def preview(self) -> None:
        async with self:
            kind, data = ImportKind(self.kind), self._data
        try:
            found = await self.as_actor(preview_import, kind, data)
        except BillingError as error:
            async with self:
                self.error, self.busy, self.row_count, self.invalid = error.message, False, 0, 0
            return
        async with self:
            self.columns, self.rows = found.columns, shown_rows(found)
            self.row_count, self.invalid, self.busy = len(found.rows), found.invalid, False

    @rx.event(background=True)
    async def run_import(self) -> Any:
        async with self:
            kind, data, name = ImportKind(self.kind), self._data, self.file_name
            self.busy = True
        try:
            count = await self.as_actor(import_rows, kind, data, name)
        except BillingError as error:
            async with self:
                self.error, self.busy = error.message, False
            return None
        async with self:
            self.kind, self.busy, self._data = "", False, b""
        return [rx.toast.success(f"Imported {count} {kind.label} from {name}."), RELOAD[kind]]
