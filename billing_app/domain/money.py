"""Exact money: every rounding of an amount goes through `quantize`.

Amounts are `Decimal`; the number of decimals of a currency comes from Babel
(EUR 2, JPY 0, KWD 3) and rounding is ROUND_HALF_UP, set explicitly because
Python's default is half-even.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    NumberFormatError,
    format_currency,
    get_currency_precision,
    get_currency_symbol,
    get_territory_currencies,
    is_currency,
    parse_decimal,
)

from billing_app.domain.errors import BillingError

ZERO = Decimal(0)


@cache
def check_currency(code: str) -> str:
    """Return the upper-cased ISO 4217 code, or raise a readable error."""
    normalized = code.strip().upper()
    if not is_currency(normalized):
        raise BillingError(
            "unknown_currency",
            f"'{code}' is not a known ISO 4217 currency code; use a code such as EUR, USD or GBP.",
        )
    return normalized


def check_locale(identifier: str) -> str:
    try:
        Locale.parse(identifier)
    except (UnknownLocaleError, ValueError):
        raise BillingError(
            "unknown_locale",
            f"'{identifier}' is not a known locale; use one such as it_IT, en_US or de_DE.",
        ) from None
    return identifier


@cache
def precision(currency: str) -> int:
    return int(get_currency_precision(check_currency(currency)))


@cache
def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency: 0.01 for EUR, 1 for JPY."""
    return Decimal(1).scaleb(-precision(currency))


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's precision, half up (the one door for rounding money)."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Cents (or yen, or fils) of an amount already at the currency's precision."""
    exact = amount.scaleb(precision(currency))
    if exact != exact.to_integral_value():
        raise BillingError(
            "not_quantized",
            f"{amount} has more decimals than {currency} allows; round it first.",
        )
    return int(exact)


def from_minor_units(units: int, currency: str) -> Decimal:
    return Decimal(units).scaleb(-precision(currency))


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """`1.234,56 €` for it_IT, `$1,234.56` for en_US: always at the currency's precision."""
    return str(
        format_currency(quantize(amount, currency), currency, locale=locale, currency_digits=True)
    )


def parse_money(text: str, currency: str, locale: str) -> Decimal:
    """Read an amount typed in the account's locale, with or without the currency symbol.

    Refuses text that is not a number and amounts with more decimals than the
    currency has, instead of guessing.
    """
    symbol = str(get_currency_symbol(currency, locale=locale))
    cleaned = text.replace(symbol, "").replace(currency, "").replace("\xa0", " ").strip()
    cleaned = cleaned.replace(" ", "")
    example = format_money(Decimal("1234.5"), currency, locale)
    try:
        amount = parse_decimal(cleaned, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise BillingError(
            "malformed_amount",
            f"'{text}' is not an amount; write it like {example}.",
        ) from None
    if amount != quantize(amount, currency):
        raise BillingError(
            "too_many_decimals",
            f"'{text}' has more decimals than {currency} allows ({precision(currency)}).",
        )
    return amount


def parse_amount(text: str, currency: str, locale: str) -> Decimal:
    """A plain amount ("1234.50", what spreadsheets export) or one in the account's locale.

    Plain wins only when its decimals fit the currency, so "1.234" in it_IT is 1234.
    """
    cleaned = text.strip()
    plain = re.fullmatch(r"-?\d+(\.(\d+))?", cleaned)
    if plain and len(plain[2] or "") <= precision(currency):
        return Decimal(cleaned)
    try:
        return parse_money(cleaned, currency, locale)
    except BillingError as error:
        if error.code != "malformed_amount":
            raise
        raise BillingError(
            "malformed_amount", f"'{text}' is not an amount; write it like 1234.50."
        ) from None


def currency_for_country(country: str, on: dt.date | None = None) -> str:
    """The legal tender of a territory today, per Babel (IT→EUR, US→USD, JP→JPY)."""
    code = country.strip().upper()
    currencies = get_territory_currencies(
        code, start_date=on or dt.datetime.now(dt.UTC).date(), tender=True
    )
    if not currencies:
        raise BillingError(
            "unknown_country",
            f"'{country}' is not a country code Babel knows; use a two-letter code such as IT.",
        )
    return str(currencies[0])


QUANTITY_STEP = Decimal("0.0001")


def quantize_quantity(quantity: Decimal) -> Decimal:
    """Quantities (hours, units) keep four decimals, half up: what an invoice line stores."""
    return quantity.quantize(QUANTITY_STEP, rounding=ROUND_HALF_UP)
