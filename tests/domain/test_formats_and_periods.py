import datetime as dt
from decimal import Decimal

import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day, format_quantity
from billing_app.domain.periods import (
    check_period,
    month_bounds,
    overlap_days,
    previous_month,
    prorate,
)


def test_quantities_use_the_locale_separators():
    assert format_quantity(Decimal("1234.5"), "it_IT") == "1.234,5"
    assert format_quantity(Decimal("1234.5"), "en_US") == "1,234.5"
    assert format_quantity(12, "en_US", decimals=0) == "12"


def test_days_use_the_locale():
    assert format_day(dt.date(2026, 11, 26), "it_IT") == "26 nov 2026"
    assert format_day(dt.date(2026, 11, 26), "en_US") == "Nov 26, 2026"


def test_previous_month_crosses_the_year_and_knows_leap_years():
    assert previous_month(dt.date(2026, 1, 15)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert previous_month(dt.date(2028, 3, 1)) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert month_bounds(dt.date(2026, 11, 26)) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def test_overlap_counts_shared_days_inclusively():
    nov = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert overlap_days(*nov, dt.date(2026, 11, 16), None) == 15
    assert overlap_days(*nov, dt.date(2026, 1, 1), dt.date(2026, 11, 10)) == 10
    assert overlap_days(*nov, dt.date(2026, 12, 1), None) == 0


def test_prorating_a_monthly_fee_by_days():
    assert prorate(Decimal("300"), dt.date(2026, 11, 1), dt.date(2026, 11, 30), 15) == 150
    assert prorate(Decimal("100"), dt.date(2026, 2, 1), dt.date(2026, 2, 28), 28) == 100


def test_a_reversed_period_is_refused_with_the_fix():
    with pytest.raises(BillingError) as error:
        check_period(dt.date(2026, 11, 30), dt.date(2026, 11, 1))
    assert error.value.code == "period_reversed"
    assert "swap the dates" in error.value.message
