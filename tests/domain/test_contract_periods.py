import datetime as dt
from decimal import Decimal

import pytest

from billing_app.domain.contract_periods import (
    average_quantity,
    fee_periods,
    period_containing,
    period_fee,
    periods_touching,
)
from billing_app.domain.contracts import Frequency, Timing
from billing_app.domain.errors import BillingError

D, d = Decimal, dt.date
NOVEMBER = (d(2026, 11, 1), d(2026, 11, 30))


def test_periods_are_calendar_months_quarters_and_years():
    assert period_containing(d(2026, 11, 26), Frequency.MONTHLY) == NOVEMBER
    assert period_containing(d(2026, 11, 26), Frequency.QUARTERLY) == (
        d(2026, 10, 1),
        d(2026, 12, 31),
    )
    assert period_containing(d(2026, 2, 3), Frequency.QUARTERLY) == (d(2026, 1, 1), d(2026, 3, 31))
    assert period_containing(d(2026, 7, 4), Frequency.YEARLY) == (d(2026, 1, 1), d(2026, 12, 31))


def test_a_quarterly_fee_in_advance_is_charged_in_its_first_month_in_arrears_in_its_last():
    october, december = (d(2026, 10, 1), d(2026, 10, 31)), (d(2026, 12, 1), d(2026, 12, 31))
    quarter = (d(2026, 10, 1), d(2026, 12, 31))
    assert fee_periods(*october, Frequency.QUARTERLY, Timing.ADVANCE) == [quarter]
    assert fee_periods(*october, Frequency.QUARTERLY, Timing.ARREARS) == []
    assert fee_periods(*NOVEMBER, Frequency.QUARTERLY, Timing.ADVANCE) == []
    assert fee_periods(*december, Frequency.QUARTERLY, Timing.ARREARS) == [quarter]


def test_a_run_over_a_quarter_charges_each_month_of_a_monthly_contract():
    run = (d(2026, 10, 1), d(2026, 12, 31))
    months = fee_periods(*run, Frequency.MONTHLY, Timing.ARREARS)
    assert [start.month for start, _ in months] == [10, 11, 12]
    assert periods_touching(d(2026, 10, 15), d(2026, 11, 2), Frequency.MONTHLY) == [
        (d(2026, 10, 1), d(2026, 10, 31)),
        NOVEMBER,
    ]


def test_a_contract_starting_mid_period_pays_for_its_days():
    assert period_fee(D(300), NOVEMBER, d(2026, 11, 16), None) == D(150)
    assert period_fee(D(300), NOVEMBER, d(2026, 1, 1), d(2026, 11, 10)) == D(100)
    assert period_fee(D(300), NOVEMBER, d(2025, 1, 1), None) == D(300)
    assert period_fee(D(300), NOVEMBER, d(2026, 12, 1), None) == D(0)


def test_a_unit_count_changing_mid_month_is_prorated_by_days():
    counts = [(d(2025, 5, 1), D(20)), (d(2026, 11, 16), D(26))]  # 15 days at 20, 15 at 26
    assert average_quantity(counts, NOVEMBER) == D(23)


def test_a_unit_counted_from_mid_month_only_counts_from_then():
    assert average_quantity([(d(2026, 11, 21), D(3))], NOVEMBER) == D(1)


def test_a_reversed_run_is_refused():
    with pytest.raises(BillingError):
        periods_touching(d(2026, 11, 30), d(2026, 11, 1), Frequency.MONTHLY)
