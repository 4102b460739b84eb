import datetime as dt
from decimal import Decimal

import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.money import parse_amount
from billing_app.domain.typed_text import (
    format_duration,
    parse_clock,
    parse_day,
    parse_duration,
    parse_flag,
    parse_number,
)


@pytest.mark.parametrize(
    ("typed", "minutes"), [("90", 90), ("1:30", 90), (" 0:05 ", 5), ("24:00", 1440)]
)
def test_a_duration_is_minutes_or_hours_and_minutes(typed, minutes):
    assert parse_duration(typed) == minutes
    assert parse_duration(format_duration(minutes)) == minutes


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1.5h", "malformed_duration"),
        ("1:75", "malformed_duration"),
        ("", "malformed_duration"),
        ("0", "invalid_duration"),
        ("1441", "invalid_duration"),
    ],
)
def test_a_duration_that_cannot_be_read_or_is_impossible_is_refused(typed, code):
    with pytest.raises(BillingError) as error:
        parse_duration(typed)
    assert error.value.code == code


def test_days_are_iso_and_times_are_24_hour():
    assert parse_day("2026-10-31") == dt.date(2026, 10, 31)
    assert parse_clock("7:05") == dt.time(7, 5)
    assert parse_clock("") == dt.time(0, 0)
    for bad in ("31/10/2026", "2026-02-30"):
        with pytest.raises(BillingError, match="YYYY-MM-DD"):
            parse_day(bad)
    with pytest.raises(BillingError, match="HH:MM"):
        parse_clock("24:00")


def test_yes_and_no_are_read_in_their_usual_spellings():
    assert [parse_flag(t) for t in ("yes", "TRUE", "1", "", "no", "0")] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    with pytest.raises(BillingError, match="yes or no"):
        parse_flag("maybe")


def test_numbers_and_amounts_are_read_plain_or_in_the_locale():
    assert parse_number("12.5", "it_IT") == parse_number("12,5", "it_IT") == Decimal("12.5")
    assert parse_amount("1234.50", "EUR", "it_IT") == Decimal("1234.50")
    assert parse_amount("1.234", "EUR", "it_IT") == Decimal(1234)  # grouping, not decimals
    assert parse_amount("1,234.50", "USD", "en_US") == Decimal("1234.50")
    with pytest.raises(BillingError, match=r"write it like 1234\.50"):
        parse_amount("abc", "EUR", "it_IT")
