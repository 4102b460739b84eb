from __future__ import annotations

from typing import TypedDict

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError

from billing_app import routes
from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_quantity
from billing_app.domain.money import format_money
from billing_app.services.dashboard import Overview, UnbilledWork, home_overview
from billing_app.state.base import AppState


class Stat(TypedDict):
    label: str
    value: str
    hint: str
    icon: str
    href: str


class UnbilledRow(TypedDict):
    customer: str
    hours: str
    expenses: str


def stats_for(overview: Overview) -> list[Stat]:
    counts, locale = overview.counts, overview.locale
    stats = [
        Stat(
            label="Open tickets",
            value=format_quantity(counts.open_tickets, locale, decimals=0),
            hint="Open or pending: not billable yet",
            icon="ticket",
            href=routes.TICKETS,
        ),
        Stat(
            label="Unbilled hours",
            value=format_quantity(counts.unbilled_hours, locale),
            hint="Billable time not on any invoice",
            icon="clock",
            href=routes.TIME_AND_EXPENSES,
        ),
        Stat(
            label="Draft invoices",
            value=format_quantity(counts.draft_invoices, locale, decimals=0),
            hint="Being prepared, not sent or exported",
            icon="file-pen-line",
            href=routes.BILLING,
        ),
        Stat(
            label="Customers",
            value=format_quantity(counts.customers, locale, decimals=0),
            hint="Organisations you bill",
            icon="building-2",
            href=routes.CUSTOMERS,
        ),
    ]
    return stats if overview.billing_visible else stats[:2]


def unbilled_rows(work: list[UnbilledWork], locale: str) -> list[UnbilledRow]:
    return [
        UnbilledRow(
            customer=row.customer,
            hours=format_quantity(row.hours, locale, decimals=2),
            expenses=format_money(row.expenses, row.currency, locale),
        )
        for row in work
    ]


class HomeState(AppState):
    loading: bool = True
    error: str = ""
    account_name: str = ""
    currency: str = ""
    stats: list[Stat] = []
    unbilled: list[UnbilledRow] = []
    billing_visible: bool = False

    @rx.event(background=True)
    async def load(self) -> None:
        try:
            overview = await self.as_actor(home_overview)
        except BillingError:
            return
        except SQLAlchemyError:
            async with self:
                self.loading, self.error = (
                    False,
                    "The database cannot be read right now. Check that it is running and "
                    "migrated (make run does both), then reload the page.",
                )
            return
        async with self:
            self.account_name = overview.account_name
            self.currency = overview.currency
            self.stats = stats_for(overview)
            self.unbilled = unbilled_rows(overview.unbilled, overview.locale)
            self.billing_visible = overview.billing_visible
            self.loading, self.error = False, ""
