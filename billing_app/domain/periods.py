"""Billing periods: calendar months and the like, as inclusive [start, end] dates."""

from __future__ import annotations

import calendar
import datetime as dt


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    return month_bounds(today.replace(day=1) - dt.timedelta(days=1))
