from __future__ import annotations

from decimal import Decimal
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day, format_quantity
from billing_app.domain.work import TicketStatus
from billing_app.services.account import account_locale
from billing_app.services.ticket_listing import TicketRow, list_tickets
from billing_app.services.tickets import set_ticket_status
from billing_app.state.base import AppState, call
from billing_app.state.paged import Paged

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


def ticket_view(row: TicketRow, locale: str) -> TicketView:
    hours = Decimal(row.minutes) / 60
    return TicketView(
        id=row.id, subject=row.subject, customer=row.customer,
        status=row.status.value.capitalize(), technician=row.technician or "—",
        opened=format_day(row.opened_at.date(), locale),
        hours=format_quantity(hours, locale, decimals=2) if row.minutes else "—",
        billed_in=row.billed_in or "",
    )  # fmt: skip


class TicketsState(Paged, AppState):
    rows: list[TicketView] = []
    status_filter: str = ALL_STATUSES
    loading: bool = True
    error: str = ""

    @rx.event(background=True)
    async def load(self) -> None:
        async with self:
            search, page = self.search, self.page
            status = None if self.status_filter == ALL_STATUSES else TicketStatus(
                self.status_filter.lower())  # fmt: skip
        try:
            result = await self.as_actor(list_tickets, search=search, status=status, page=page)
            locale = await call(account_locale)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self.rows = [ticket_view(row, locale) for row in result.rows]
            self._show_page(result)
            self.loading, self.error = False, ""

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
