"""Preview a CSV file (every row with its errors) and import it: all rows or none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from billing_app.domain.csv_table import CsvRow, CsvTable, read_table
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.status import Via
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.imports.kinds import IMPORTERS, Importer, ImportKind


@dataclass(frozen=True)
class PreviewRow:
    number: int
    cells: list[str]  # in the order of ImportPreview.columns
    errors: list[str]  # "Row 4, amount: 'abc' is not an amount; write it like 1234.50."


@dataclass(frozen=True)
class ImportPreview:
    columns: list[str]  # those of the file, in the order of the import's columns
    rows: list[PreviewRow]

    @property
    def invalid(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def _check_row(session: Session, importer: Importer, row: CsvRow) -> tuple[list[str], Any]:
    data = importer.input_type(
        **row.cells | {name: "" for name in importer.required if name not in row.cells}
    )
    fields, checked = importer.check(session, data)
    errors = [f"Row {row.number}, {field}: {sentence}" for field, sentence in fields.items()]
    if row.extra_cells:
        errors.append(f"Row {row.number}: it has more cells than the header has columns.")
    return errors, checked


def _checked_rows(
    session: Session, importer: Importer, table: CsvTable
) -> list[tuple[CsvRow, list[str], Any]]:
    return [(row, *_check_row(session, importer, row)) for row in table.rows]


def preview_import(session: Session, actor: Actor, kind: ImportKind, data: bytes) -> ImportPreview:
    require(session, actor, Permission.LOG_OWN_WORK, f"import {kind.label}")
    importer = IMPORTERS[kind]
    table = read_table(data, importer.required, importer.optional)
    columns = [name for name in importer.columns if name in table.columns]
    return ImportPreview(
        columns,
        [
            PreviewRow(row.number, [row.cells.get(c, "") for c in columns], errors)
            for row, errors, _ in _checked_rows(session, importer, table)
        ],
    )


def import_rows(
    session: Session, actor: Actor, kind: ImportKind, data: bytes, file_name: str = ""
) -> int:
    """Checks every row again (the data may have changed since the preview), then adds all."""
    require(session, actor, Permission.LOG_OWN_WORK, f"import {kind.label}")
    importer = IMPORTERS[kind]
    table = read_table(data, importer.required, importer.optional)
    checked_rows = _checked_rows(session, importer, table)
    if bad := [errors for _, errors, _ in checked_rows if errors]:
        raise BillingError(
            "invalid_import",
            f"{len(bad)} of {len(checked_rows)} rows have errors, so nothing was imported; "
            f"fix them and choose the file again. First: {bad[0][0]}",
        )
    for _, _, checked in checked_rows:
        importer.add(session, actor, checked)
    record_audit(
        session,
        actor,
        "csv_imported",
        entity=kind.value,
        via=Via.IMPORT,
        to_value=f"{len(checked_rows)} {kind.label}",
        details=file_name,
    )
    return len(checked_rows)


def template_csv(kind: ImportKind) -> str:
    """The header row and one example row, to fill in a spreadsheet."""
    importer = IMPORTERS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(importer.columns)
    writer.writerow(importer.sample)
    return out.getvalue()
