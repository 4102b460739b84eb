from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.csv_import import import_button, import_dialog
from billing_app.components.feedback import error_callout
from billing_app.components.forms import bound_input, form_field, named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import (
    NUMERIC,
    loading_or,
    paged_table,
    search_form,
)
from billing_app.components.work_editor import editor_dialog, row_action
from billing_app.state.base import AppState
from billing_app.state.csv_import import ImportKind
from billing_app.state.tickets import ALL_STATUSES, STATUS_LABELS, TicketsState, TicketView


def editor() -> rx.Component:
    return editor_dialog(
        TicketsState,
        "ticket",
        bound_input("Subject", "subject", TicketsState.form, TicketsState.field_errors),
        rx.hstack(
            bound_input("Technician", "technician", TicketsState.form, TicketsState.field_errors),
            bound_input("Opened on", "opened_on", TicketsState.form, TicketsState.field_errors,
                        type="date"),
            form_field(
                "Status",
                named_select(STATUS_LABELS, "Status", value=TicketsState.form.get("status", "Open"),
                             on_change=TicketsState.choose_ticket_status, width="100%"),
                TicketsState.field_errors.get("status", ""),
            ),
            width="100%",
        ),
    )  # fmt: skip


def ticket_row(row: TicketView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(f"#{row['id']}", white_space="nowrap"),
        rx.table.cell(row["subject"]),
        rx.table.cell(row["customer"]),
        rx.table.cell(row["technician"]),
        rx.table.cell(row["opened"], white_space="nowrap"),
        rx.table.cell(row["hours"], style=NUMERIC),
        rx.table.cell(
            named_select(STATUS_LABELS, "Ticket status", value=row["status"], size="1",
                         on_change=lambda label: TicketsState.change_status(row["id"], label))
        ),
        rx.table.cell(row_action(TicketsState, row, "Edit ticket")),
        data_testid="ticket-row",
    )  # fmt: skip


def tickets_table() -> rx.Component:
    columns = ("Ticket", "Subject", "Customer", "Technician", "Opened", "Hours", "Status",
               "Billed in")  # fmt: skip
    return paged_table(TicketsState, columns, ticket_row, numeric={"Hours"},
                       test_id="tickets-table", one="ticket", many="tickets",
                       empty="No tickets match.")  # fmt: skip


def tickets() -> rx.Component:
    return layout(
        routes.TICKETS,
        page_header(
            "Tickets",
            "Support cases, their time, and the batch that billed them.",
            action=rx.cond(
                AppState.may_log_work,
                rx.hstack(
                    import_button(ImportKind.TICKETS),
                    rx.button(
                        rx.icon("plus", size=16), "New ticket", on_click=TicketsState.open_editor(0)
                    ),
                ),
            ),
        ),
        search_form(
            TicketsState,
            "Search subject, customer or #id",
            named_select(
                [ALL_STATUSES, *STATUS_LABELS],
                "Status filter",
                value=TicketsState.status_filter,
                on_change=TicketsState.choose_status,
            ),
        ),
        error_callout(TicketsState.error),
        loading_or(TicketsState.loading, tickets_table()),
        editor(),
        import_dialog(),
    )
