"""The Time entries tab of the Time & Expenses page."""

from __future__ import annotations

import reflex as rx

from billing_app.components.feedback import error_callout
from billing_app.components.forms import bound_input, form_field
from billing_app.components.tables import (
    NUMERIC,
    empty_state,
    heading,
    loading_or,
    pager,
    search_form,
    two_lines,
)
from billing_app.components.work_editor import (
    billable_badge,
    billable_box,
    editor_dialog,
    row_action,
)
from billing_app.state.time_entries import DURATION_HINT, TimeEntriesState, TimeEntryView

S = TimeEntriesState


def field(label: str, name: str, hint: str = "", **props: object) -> rx.Component:
    return bound_input(label, name, S.form, S.field_errors, hint, **props)


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
    head = ("Date", "Customer", "Ticket / contract", "Technician", "Work type")
    return rx.cond(
        S.rows.length() > 0,
        rx.fragment(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[heading(h) for h in head],
                        heading("Duration", numeric=True),
                        heading("Billable"),
                        heading("Billed in"),
                    )
                ),
                rx.table.body(rx.foreach(S.rows, entry_row)),
                variant="surface",
                width="100%",
                data_testid="time-entries-table",
            ),
            pager(S, "time entry", "time entries"),
        ),
        empty_state("No time entries match."),
    )


def time_entries_panel(*actions: rx.Component) -> rx.Component:
    return rx.box(
        rx.hstack(
            search_form("Search customer, technician, notes", S.apply_search),
            rx.spacer(),
            *actions,
            rx.button(rx.icon("plus", size=16), "New time entry", on_click=S.open_editor(0)),
            width="100%",
            align="start",
        ),
        error_callout(S.error),
        loading_or(S.loading, entries_table()),
        editor(),
    )
