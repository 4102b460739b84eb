"""Reading what people type (in a form or a CSV cell): days, times, durations, yes/no.

Each reader returns the value or raises BillingError with a sentence that says how to
write it; the caller decides which field the sentence belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from babel.numbers import NumberFormatError, parse_decimal

from billing_app.domain.errors import BillingError

T = TypeVar("T")

MAX_MINUTES = 24 * 60
DURATION_HINT = "Minutes (90) or hours:minutes (1:30)"
YES = {"yes", "y", "true", "1", "x", "billable"}
NO = {"no", "n", "false", "0", "not billable"}
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BillingError(
            "malformed_day", f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-10-31."
        ) from None


def parse_clock(text: str) -> dt.time:
    """A time of day as HH:MM (24 hours); empty means the start of the day."""
    if not text.strip():
        return dt.time(0, 0)
    found = re.fullmatch(r"(\d{1,2}):(\d{2})(:\d{2})?", text.strip())
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise BillingError(
            "malformed_time", f"'{text}' is not a time of day; write it as HH:MM, e.g. 14:30."
        )
    return dt.time(int(found[1]), int(found[2]))


def parse_duration(text: str) -> int:
    """Minutes from "90" (minutes) or "1:30" (hours:minutes); 1 minute to 24 hours."""
    cleaned = text.strip()
    if not cleaned:
        raise BillingError(
            "malformed_duration", "Enter the duration: minutes (90) or hours:minutes (1:30)."
        )
    found = re.fullmatch(r"(\d+)", cleaned) or re.fullmatch(r"(\d+):([0-5]\d)", cleaned)
    if not found:
        raise BillingError(
            "malformed_duration",
            f"'{text}' is not a duration; write minutes (90) or hours:minutes (1:30).",
        )
    minutes = int(found[1]) * 60 + int(found[2]) if found.lastindex == 2 else int(found[1])
    if not 0 < minutes <= MAX_MINUTES:
        raise BillingError(
            "invalid_duration",
            f"A duration of {minutes} minutes is not possible; "
            f"enter between 1 and {MAX_MINUTES} minutes.",
        )
    return minutes


def format_duration(minutes: int) -> str:
    """The way `parse_duration` reads it back: 90 → "1:30"."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def parse_flag(text: str, default: bool = True) -> bool:
    cleaned = text.strip().lower()
    if not cleaned:
        return default
    if cleaned in YES or cleaned in NO:
        return cleaned in YES
    raise BillingError("malformed_flag", f"'{text}' is not yes or no; write yes or no.")


def parse_number(text: str, locale: str) -> Decimal:
    """A plain number ("12.5") or one written in the locale ("12,5" in it_IT)."""
    cleaned = text.strip()
    try:
        if PLAIN_NUMBER.fullmatch(cleaned):
            return Decimal(cleaned)
        return parse_decimal(cleaned, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise BillingError(
            "malformed_number", f"'{text}' is not a number; write it like 12.5."
        ) from None


def read_field(
    errors: dict[str, str], field: str, read: Callable[[str], T], text: str, default: T
) -> T:
    """`read(text)`, or `default` with the reader's sentence noted under `field`."""
    try:
        return read(text)
    except BillingError as error:
        errors[field] = error.message
        return default
