"""The Time entries tab of the Time & Expenses page."""

from __future__ import annotations

from functools import partial

import reflex as rx

from billing_app.components.forms import form_field
from billing_app.components.tables import (
    NUMERIC,
    paged_table,
    two_lines,
)
from billing_app.components.work_editor import (
    billable_badge,
    billable_box,
    editor_dialog,
    row_action,
    work_field,
    work_panel,
)
from billing_app.state.time_entries import DURATION_HINT, TimeEntriesState, TimeEntryView

S = TimeEntriesState


field = partial(work_field, S)


def editor() -> rx.Component:
    return editor_dialog(
        S,
        "time entry",
        rx.hstack(
            field("Ticket number", "ticket", "Or choose the contract above"),
            field("Technician", "technician", "Technicians log their own time"),
            width="100%",
        ),
        rx.hstack(
            field("Date", "started_on", type="date"),
            field("Start (UTC)", "started_time", type="time"),
            field("Duration", "duration", DURATION_HINT, placeholder="1:30"),
            width="100%",
        ),
        rx.hstack(
            field("Work type", "work_type", placeholder="Remote support"),
            billable_box(S),
            width="100%",
            align="center",
        ),
        form_field(
            "Notes",
            rx.text_area(name="notes", default_value=S.form.get("notes", ""), width="100%"),
            S.field_errors.get("notes", ""),
        ),
    )


def entry_row(row: TimeEntryView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(two_lines(row["day"], row["start"]), white_space="nowrap"),
        rx.table.cell(row["customer"]),
        rx.table.cell(two_lines(row["ticket"], row["contract"])),
        rx.table.cell(row["technician"]),
        rx.table.cell(row["work_type"], title=row["notes"]),
        rx.table.cell(row["duration"], style=NUMERIC),
        rx.table.cell(billable_badge(row["billable"])),
        rx.table.cell(row_action(S, row, "Edit time entry")),
        data_testid="time-entry-row",
    )


def entries_table() -> rx.Component:
    columns = ("Date", "Customer", "Ticket / contract", "Technician", "Work type", "Duration",
               "Billable", "Billed in")  # fmt: skip
    return paged_table(S, columns, entry_row, numeric={"Duration"},
                       test_id="time-entries-table", one="time entry", many="time entries",
                       empty="No time entries match.")  # fmt: skip


def time_entries_panel(*actions: rx.Component) -> rx.Component:
    return work_panel(
        S, "Search customer, technician, notes", "time entry", entries_table(), editor(), *actions
    )
