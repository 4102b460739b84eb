"""Numbers, amounts, minutes and dates as typed in a form: read exactly, or a sentence.

Amounts are read in the account's locale ("1.200,50" for it_IT) or plain ("1200.50").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from billing_app.domain.errors import BillingError
from billing_app.domain.money import parse_money, precision, quantize_quantity

T = TypeVar("T")
E = TypeVar("E", bound=Enum)
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
MAX_MINUTES = 24 * 60
HUNDRED = Decimal(100)


def show_number(value: Decimal, locale: str, decimals: int | None = None) -> str:
    """A stored number as a form shows it: in the locale, read back by `read_number`."""
    if decimals is None:
        return str(format_decimal(value.normalize(), locale=locale))
    return str(
        format_decimal(
            value,
            format="#,##0." + "0" * decimals if decimals else "#,##0",
            locale=locale,
            decimal_quantization=True,
        )
    )


def show_amount(value: Decimal | None, currency: str, locale: str) -> str:
    return "" if value is None else show_number(value, locale, precision(currency))


def _plain(text: str) -> Decimal | None:
    cleaned = text.strip()
    return Decimal(cleaned) if PLAIN_NUMBER.fullmatch(cleaned) else None


def read_amount(text: str, currency: str, locale: str) -> Decimal:
    """An amount in the locale, else plain with a dot; never negative."""
    try:
        amount = parse_money(text, currency, locale)
    except BillingError as error:
        plain = _plain(text)
        if plain is None or error.code != "malformed_amount":
            raise
        amount = parse_money(str(plain), currency, "en_US")
    if amount < 0:
        raise BillingError("negative_amount", "Amounts cannot be negative; write 0 or more.")
    return amount


def read_number(text: str, locale: str, what: str) -> Decimal:
    """Hours, a quantity or a percentage: in the locale or plain, four decimals at most."""
    try:
        value = Decimal(parse_decimal(text.strip(), locale=locale, strict=True))
    except NumberFormatError:
        plain = _plain(text)
        if plain is None:
            raise BillingError(
                "malformed_number", f"'{text}' is not a number; write the {what} like 7,5 or 7.5."
            ) from None
        value = plain
    if value < 0:
        raise BillingError("negative_number", f"The {what} cannot be negative.")
    if value != quantize_quantity(value):
        raise BillingError("too_many_decimals", f"Write the {what} with 4 decimals at most.")
    return value


def read_rate(text: str, locale: str) -> Decimal:
    """A tax rate, 0 to 100: plain first ("8.875" is no thousands in it_IT, as no rate is),
    else in the locale ("5,5"); a trailing % is fine."""
    cleaned = text.strip().removesuffix("%").strip()
    if not cleaned:
        raise BillingError("missing_rate", "Enter the rate as a percentage, e.g. 22 or 5.5.")
    plain = _plain(cleaned)
    rate = read_number(cleaned, locale, "tax rate") if plain is None else plain
    if rate < 0:
        raise BillingError("negative_number", "The tax rate cannot be negative.")
    if rate > HUNDRED:
        raise BillingError("rate_out_of_range", "The tax rate is a percentage between 0 and 100.")
    if rate != quantize_quantity(rate):
        raise BillingError("too_many_decimals", "Write the tax rate with 4 decimals at most.")
    return rate


def read_minutes(text: str, what: str) -> int:
    cleaned = text.strip()
    if not cleaned.isdigit() or int(cleaned) > MAX_MINUTES:
        raise BillingError(
            "malformed_minutes", f"Write the {what} as whole minutes between 0 and {MAX_MINUTES}."
        )
    return int(cleaned)


def read_day(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BillingError("malformed_date", f"'{text}' is not a date; pick the {what}.") from None


class FieldReader:
    """Reads a form field after field, keeping a sentence for each wrong one; an empty field
    reads as None."""

    def __init__(self, currency: str, locale: str) -> None:
        self.currency, self.locale = currency, locale
        self.errors: dict[str, str] = {}

    def amount(self, field: str, text: str) -> Decimal | None:
        return self._read(field, text, lambda t: read_amount(t, self.currency, self.locale))

    def number(self, field: str, text: str, what: str) -> Decimal | None:
        return self._read(field, text, lambda t: read_number(t, self.locale, what))

    def rate(self, field: str, text: str) -> Decimal | None:
        return self._read(field, text, lambda t: read_rate(t, self.locale))

    def minutes(self, field: str, text: str, what: str) -> int:
        return self._read(field, text, lambda t: read_minutes(t, what)) or 0

    def day(self, field: str, text: str, what: str) -> dt.date | None:
        return self._read(field, text, lambda t: read_day(t, what))

    def choice(self, field: str, kind: type[E], value: str, what: str) -> E | None:
        try:
            return kind(value)
        except ValueError:
            self.errors[field] = f"Choose the {what}."
            return None

    def _read(self, field: str, text: str, read: Callable[[str], T]) -> T | None:
        if not text.strip():
            return None
        try:
            return read(text)
        except BillingError as error:
            self.errors[field] = error.message
            return None
