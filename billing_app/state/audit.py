from __future__ import annotations

import datetime as dt
from typing import TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_moment
from billing_app.services.account import account_locale
from billing_app.services.audit import AuditFilters, AuditRow, audit_choices, list_audit
from billing_app.state.base import AppState, call
from billing_app.state.paged import Paged

ALL_USERS, ALL_KINDS = "All users", "All kinds"


def kind_label(action: str) -> str:
    return action.replace("_", " ").capitalize()


class AuditView(TypedDict):
    id: int
    at: str
    actor: str
    action: str
    subject: str
    change: str
    via: str


def audit_view(row: AuditRow, locale: str) -> AuditView:
    subject = f"Invoice {row.invoice_number or f'#{row.invoice_id}'}" if row.invoice_id else (
        f"{row.entity.capitalize()} #{row.entity_id}" if row.entity_id else row.entity.capitalize()
    )  # fmt: skip
    change = f"{row.from_value} → {row.to_value}" if row.from_value else row.to_value
    return AuditView(
        id=row.id,
        at=format_moment(row.at, locale),
        actor=row.actor,
        action=kind_label(row.action),
        subject=subject,
        change=change or row.details,
        via=row.via.value,
    )


def parse_day(text: str, label: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BillingError("invalid_date", f"{label} '{text}' is not a date.") from None


class AuditState(Paged, AppState):
    rows: list[AuditView] = []
    actors: list[str] = [ALL_USERS]
    actions: list[str] = [ALL_KINDS]
    invoice: str = ""
    actor_filter: str = ALL_USERS
    action_filter: str = ALL_KINDS  # a kind's label; the code is looked up in `_kinds`
    _kinds: dict[str, str] = {}
    since: str = ""
    until: str = ""
    loading: bool = True
    error: str = ""

    @rx.event(background=True)
    async def load(self) -> None:
        async with self:
            filters = AuditFilters(
                invoice=self.invoice,
                actor="" if self.actor_filter == ALL_USERS else self.actor_filter,
                action=self._kinds.get(self.action_filter, ""),
            )
            since, until, page = self.since, self.until, self.page
        try:
            filters = AuditFilters(
                invoice=filters.invoice,
                actor=filters.actor,
                action=filters.action,
                since=parse_day(since, "From"),
                until=parse_day(until, "To"),
            )
            actors, actions = await self.as_actor(audit_choices)
            result = await self.as_actor(list_audit, filters, page)
            locale = await call(account_locale)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self._kinds = {kind_label(action): action for action in actions}
            self.actors, self.actions = [ALL_USERS, *actors], [ALL_KINDS, *self._kinds]
            self.rows = [audit_view(row, locale) for row in result.rows]
            self._show_page(result)
            self.loading, self.error = False, ""

    @rx.event
    def apply(self, form: dict[str, str]) -> rx.event.EventSpec:
        self.invoice = form.get("invoice", "").strip()
        self.since, self.until = form.get("since", ""), form.get("until", "")
        self.page = 0
        return AuditState.load

    @rx.event
    def choose_actor(self, value: str) -> rx.event.EventSpec:
        self.actor_filter, self.page = value, 0
        return AuditState.load

    @rx.event
    def choose_action(self, value: str) -> rx.event.EventSpec:
        self.action_filter, self.page = value, 0
        return AuditState.load
