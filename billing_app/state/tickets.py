from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day, format_quantity
from billing_app.domain.work import TicketStatus
from billing_app.services.account import account_locale
from billing_app.services.ticket_listing import TicketRow, list_tickets
from billing_app.services.tickets import (
    TicketInput,
    create_ticket,
    set_ticket_status,
    ticket_input,
    update_ticket,
)
from billing_app.state.base import AppState, call
from billing_app.state.paged_list import PagedListState
from billing_app.state.work_editor import WorkEditorState

STATUS_LABELS = [status.value.capitalize() for status in TicketStatus]
ALL_STATUSES = "All statuses"


class TicketView(TypedDict):
    id: int
    subject: str
    customer: str
    status: str
    technician: str
    opened: str
    hours: str
    billed_in: str
    editable: bool


def ticket_view(row: TicketRow, locale: str) -> TicketView:
    hours = Decimal(row.minutes) / 60
    return TicketView(
        id=row.id, subject=row.subject, customer=row.customer,
        status=row.status.value.capitalize(), technician=row.technician or "—",
        opened=format_day(row.opened_at.date(), locale),
        hours=format_quantity(hours, locale, decimals=2) if row.minutes else "—",
        billed_in=row.billed_in or "", editable=row.editable,
    )  # fmt: skip


class TicketsState(PagedListState, WorkEditorState, AppState):
    rows: list[TicketView] = []
    status_filter: str = ALL_STATUSES

    async def _fetch(self, search: str, page: int) -> tuple[list[TicketView], Any]:
        async with self:
            status = None if self.status_filter == ALL_STATUSES else TicketStatus(
                self.status_filter.lower())  # fmt: skip
        listed = await self.as_actor(list_tickets, search=search, status=status, page=page)
        locale = await call(account_locale)
        return [ticket_view(row, locale) for row in listed.rows], listed

    @rx.event
    def choose_status(self, value: str) -> Any:
        self.status_filter, self.page = value, 0
        return TicketsState.load

    @rx.event(background=True)
    async def change_status(self, ticket_id: int, label: str) -> Any:
        try:
            await self.as_actor(set_ticket_status, ticket_id, TicketStatus(label.lower()))
        except BillingError as error:
            return [rx.toast.error(error.message), TicketsState.load]
        return [rx.toast.success(f"Ticket #{ticket_id} is now {label}."), TicketsState.load]

    @rx.event(background=True)
    async def open_editor(self, ticket_id: int = 0) -> Any:
        async with self:
            technician = self.user_name
        today = dt.datetime.now(dt.UTC).date().isoformat()
        blank = TicketInput(
            customer="", subject="", technician=technician, opened_on=today, status="Open"
        )
        if ticket_id:
            problem = await self._open_form(ticket_id, ticket_input, ticket_id)
        else:
            problem = await self._open_form(0, None, blank)
        return rx.toast.error(problem) if problem else None

    @rx.event
    def choose_ticket_status(self, label: str) -> None:
        self.form = self.form | {"status": label}

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        async with self:
            form = form | {"status": self.form.get("status", "Open")}
        data = await self._save(TicketInput, create_ticket, update_ticket, form)
        if data is None:
            return None
        return [rx.toast.success(f"Saved the ticket {data.subject}."), TicketsState.load]
