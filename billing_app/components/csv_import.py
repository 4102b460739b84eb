"""The CSV import dialog (one per page) and the buttons that open it for a kind of rows."""

from __future__ import annotations

import reflex as rx

from billing_app.components.feedback import error_callout
from billing_app.state.csv_import import CsvImportState, ImportKind, ImportRowView

S = CsvImportState
UPLOAD_ID = "csv_import"
BAD_ROW = {"background": rx.color("red", 3)}


def import_button(kind: ImportKind) -> rx.Component:
    return rx.button(
        rx.icon("upload", size=16),
        "Import CSV",
        variant="soft",
        aria_label=f"Import {kind.label} from CSV",
        on_click=S.open_import(kind.value),
    )


def preview_row(row: ImportRowView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["number"], style={"text_align": "right"}),
        rx.table.cell(
            rx.cond(
                row["bad"],
                rx.text(row["errors"], color=rx.color("red", 11), size="1"),
                rx.icon("check", size=14, color=rx.color("green", 10), aria_label="valid"),
            ),
            min_width="300px",
        ),
        rx.foreach(row["cells"], lambda cell: rx.table.cell(cell, white_space="nowrap")),
        style=rx.cond(row["bad"], BAD_ROW, {}),
        data_testid=rx.cond(row["bad"], "import-row-bad", "import-row"),
    )


def preview_table() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.scroll_area(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Row"),
                        rx.table.column_header_cell("Problems"),
                        rx.foreach(S.columns, lambda c: rx.table.column_header_cell(c)),
                    )
                ),
                rx.table.body(rx.foreach(S.rows, preview_row)),
                size="1",
                variant="surface",
                data_testid="import-preview",
            ),
            max_height="340px",
            scrollbars="both",
        ),
    )


def summary() -> rx.Component:
    return rx.cond(
        S.row_count > 0,
        rx.text(
            S.file_name,
            ": ",
            S.row_count,
            " rows",
            rx.cond(
                S.invalid > 0,
                rx.text.span(
                    ", ",
                    S.invalid,
                    " with errors: fix them in the "
                    "file and choose it again. Nothing is imported while any row is wrong.",
                    color=rx.color("red", 11),
                ),
                ", all valid.",
            ),
            size="2",
        ),
    )


def chooser() -> rx.Component:
    return rx.hstack(
        rx.upload(
            rx.button(rx.icon("file-up", size=16), "Choose CSV file", variant="soft"),
            id=UPLOAD_ID,
            accept={"text/csv": [".csv"]},
            multiple=False,
            max_files=1,
            on_drop=S.upload,
            border="none",
            padding="0",
        ),
        rx.button(
            rx.icon("download", size=16),
            "Download template",
            variant="ghost",
            on_click=S.download_template,
        ),
        rx.cond(S.busy, rx.spinner()),
        align="center",
        spacing="3",
    )


def import_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Import ", S.kind_label, " from CSV"),
            rx.dialog.description(S.column_help, size="2", color=rx.color("gray", 11)),
            rx.vstack(
                chooser(),
                error_callout(S.error),
                summary(),
                preview_table(),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button(
                        "Import ",
                        S.row_count,
                        " rows",
                        on_click=S.run_import,
                        disabled=(S.invalid > 0) | (S.row_count == 0) | S.busy,
                    ),
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                margin_top="12px",
            ),
            max_width="960px",
        ),
        open=S.kind != "",
        on_open_change=S.close_import,
    )
