"""Numbers and dates in the account's locale (Babel)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime
from babel.numbers import format_decimal


def format_quantity(value: Decimal | int, locale: str, decimals: int = 1) -> str:
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return str(format_decimal(value, format=pattern, locale=locale, decimal_quantization=True))


def format_day(value: dt.date, locale: str) -> str:
    return str(babel_format_date(value, format="medium", locale=locale))


def format_moment(value: dt.datetime, locale: str) -> str:
    """A date and time, short, in UTC and saying so (the account has no time zone yet)."""
    return f"{format_datetime(value, format='short', tzinfo=dt.UTC, locale=locale)} UTC"
