from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.formats import format_day
from billing_app.domain.typed_text import DURATION_HINT as DURATION_HINT  # for the page
from billing_app.domain.typed_text import format_duration
from billing_app.services.account import account_locale
from billing_app.services.time_entries import (
    TimeEntryInput,
    create_time_entry,
    time_entry_input,
    update_time_entry,
)
from billing_app.services.time_entry_listing import TimeEntryRow, list_time_entries
from billing_app.state.base import AppState, call
from billing_app.state.paged_list import PagedListState
from billing_app.state.work_editor import WorkEditorState


class TimeEntryView(TypedDict):
    id: int
    day: str
    start: str
    customer: str
    ticket: str
    contract: str
    technician: str
    duration: str
    billable: bool
    work_type: str
    notes: str
    billed_in: str
    editable: bool


def time_entry_view(row: TimeEntryRow, locale: str) -> TimeEntryView:
    return TimeEntryView(
        id=row.id,
        day=format_day(row.started_at.date(), locale),
        start=row.started_at.strftime("%H:%M"),
        customer=row.customer,
        ticket=f"#{row.ticket_id}" if row.ticket_id else "—",
        contract=row.contract,
        technician=row.technician,
        duration=format_duration(row.minutes),
        billable=row.billable,
        work_type=row.work_type,
        notes=row.notes,
        billed_in=row.billed_in or "",
        editable=row.editable,
    )


class TimeEntriesState(PagedListState, WorkEditorState, AppState):
    rows: list[TimeEntryView] = []

    async def _fetch(self, search: str, page: int) -> tuple[list[TimeEntryView], Any]:
        listed = await self.as_actor(list_time_entries, search=search, page=page)
        locale = await call(account_locale)
        return [time_entry_view(row, locale) for row in listed.rows], listed

    @rx.event(background=True)
    async def open_editor(self, entry_id: int = 0) -> Any:
        async with self:
            technician = self.user_name
        today = dt.datetime.now(dt.UTC).date().isoformat()
        blank = TimeEntryInput(customer="", started_on=today, duration="", technician=technician)
        if entry_id:
            problem = await self._open_form(entry_id, time_entry_input, entry_id)
        else:
            problem = await self._open_form(0, None, blank)
        return rx.toast.error(problem) if problem else None

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        data = await self._save(TimeEntryInput, create_time_entry, update_time_entry, form)
        if data is None:
            return None
        return [rx.toast.success("Saved the time entry."), TimeEntriesState.load]
