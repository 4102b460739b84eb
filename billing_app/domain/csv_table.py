"""Reading an uploaded CSV file into rows of named cells, or one sentence saying what is wrong
with the file as a whole (encoding, header, size). Cells are checked elsewhere, per kind."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from billing_app.domain.errors import BillingError

MAX_ROWS = 5_000
DELIMITERS = ",;\t"


@dataclass(frozen=True)
class CsvRow:
    number: int  # as a spreadsheet counts it: the header is row 1
    cells: dict[str, str]
    extra_cells: bool  # more cells than the header names


@dataclass(frozen=True)
class CsvTable:
    columns: list[str]  # the header, normalised
    rows: list[CsvRow]


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BillingError(
            "csv_not_utf8",
            "The file is not UTF-8 text; in your spreadsheet save it as 'CSV UTF-8' and "
            "choose it again.",
        ) from None


def _delimiter(header: str) -> str:
    """Spreadsheets in many locales write ';' between cells; the header tells which."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_header(header: list[str], required: list[str], optional: list[str]) -> None:
    allowed = ", ".join(required + optional)
    if unknown := [name for name in header if name not in required + optional]:
        raise BillingError(
            "csv_unknown_column",
            f"The column '{unknown[0]}' is not one this import knows; use only: {allowed}.",
        )
    if missing := [name for name in required if name not in header]:
        raise BillingError(
            "csv_missing_column",
            f"The column '{missing[0]}' is missing; the header row must name "
            f"{', '.join(required)} (and may add the others of: {allowed}).",
        )
    if len(set(header)) != len(header):
        twice = next(name for name in header if header.count(name) > 1)
        raise BillingError("csv_duplicate_column", f"The column '{twice}' appears twice.")


def read_table(data: bytes, required: list[str], optional: list[str]) -> CsvTable:
    """The rows under a header row; column names are matched without case or spaces."""
    text = _text(data)
    if not text.strip():
        raise BillingError(
            "csv_empty", "The file is empty; it needs a header row and at least one row."
        )
    first_line = text.lstrip().splitlines()[0]
    reader = csv.reader(io.StringIO(text.lstrip()), delimiter=_delimiter(first_line))
    header = [name.strip().lower().replace(" ", "_") for name in next(reader)]
    _check_header(header, required, optional)
    rows: list[CsvRow] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            raise BillingError(
                "csv_too_many_rows",
                f"The file has more than {MAX_ROWS:,} rows; split it and import the parts "
                "one after the other.",
            )
        named = {name: value.strip() for name, value in zip(header, cells, strict=False)}
        rows.append(CsvRow(reader.line_num, named, len(cells) > len(header)))
    if not rows:
        raise BillingError("csv_no_rows", "The file has a header row but no rows to import.")
    return CsvTable(header, rows)
