"""Billing periods: calendar months and the like, as inclusive [start, end] dates."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from billing_app.domain.errors import BillingError


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    return month_bounds(today.replace(day=1) - dt.timedelta(days=1))


def check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise BillingError(
            "period_reversed",
            f"The period ends on {end.isoformat()}, before it starts on {start.isoformat()}; "
            "swap the dates.",
        )


def days(start: dt.date, end: dt.date) -> int:
    """Days in an inclusive period."""
    return (end - start).days + 1


def overlap_days(
    start: dt.date, end: dt.date, other_start: dt.date, other_end: dt.date | None
) -> int:
    """Days two inclusive periods share; an open end (None) runs for ever."""
    last = end if other_end is None else min(end, other_end)
    return max(0, days(max(start, other_start), last))


def prorate(amount: Decimal, start: dt.date, end: dt.date, active_days: int) -> Decimal:
    """The share of a period's amount for the days something was active; not rounded (the
    caller rounds once, at the line)."""
    check_period(start, end)
    return amount * Decimal(active_days) / Decimal(days(start, end))


def previous_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    first_month = (today.month - 1) // 3 * 3 + 1
    end = today.replace(month=first_month, day=1) - dt.timedelta(days=1)
    return end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1), end
