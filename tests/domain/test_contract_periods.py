import datetime as dt
from decimal import Decimal

import pytest

from billing_app.domain.contract_periods import (
    PeriodFee,
    average_quantity,
    fee_periods,
    period_containing,
    period_fee,
    period_share,
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


def fee_for(start, end, *changes):
    schedule = ((start, D(300)), *changes)
    return period_fee(schedule, NOVEMBER, start, end)


def test_a_contract_starting_mid_period_pays_for_its_days():
    assert fee_for(d(2026, 11, 16), None) == PeriodFee(D(150), prorated=True, changed=False)
    assert fee_for(d(2026, 1, 1), d(2026, 11, 10)).amount == D(100)
    assert fee_for(d(2025, 1, 1), None) == PeriodFee(D(300), prorated=False, changed=False)
    assert fee_for(d(2026, 12, 1), None).amount == D(0)


def test_a_fee_raised_mid_month_is_prorated_by_days():
    # 300 for 1-15 November, 360 for 16-30: (300 x 15 + 360 x 15) / 30 = 330
    raised = fee_for(d(2025, 1, 1), None, (d(2026, 11, 16), D(360)))
    assert raised == PeriodFee(D(330), prorated=False, changed=True)


def test_a_fee_changed_before_or_after_the_period_does_not_touch_it():
    assert fee_for(d(2025, 1, 1), None, (d(2026, 12, 1), D(360))).amount == D(300)
    assert fee_for(d(2025, 1, 1), None, (d(2026, 10, 1), D(360))).amount == D(360)


def test_a_fee_change_and_a_mid_month_end_are_prorated_together():
    # ends on the 20th; 300 for 1-10 and 600 for 11-20: (300 x 10 + 600 x 10) / 30 = 300
    ends = fee_for(d(2025, 1, 1), d(2026, 11, 20), (d(2026, 11, 11), D(600)))
    assert ends == PeriodFee(D(300), prorated=True, changed=True)


def test_a_block_s_hours_are_shared_out_like_its_price():
    assert period_share(D(10), NOVEMBER, d(2026, 11, 16), None) == D(5)
    assert period_share(D(10), NOVEMBER, d(2025, 1, 1), None) == D(10)


def test_a_unit_count_changing_mid_month_is_prorated_by_days():
    counts = [(d(2025, 5, 1), D(20)), (d(2026, 11, 16), D(26))]  # 15 days at 20, 15 at 26
    assert average_quantity(counts, NOVEMBER) == D(23)


def test_a_unit_counted_from_mid_month_only_counts_from_then():
    assert average_quantity([(d(2026, 11, 21), D(3))], NOVEMBER) == D(1)


def test_a_reversed_run_is_refused():
    with pytest.raises(BillingError):
        periods_touching(d(2026, 11, 30), d(2026, 11, 1), Frequency.MONTHLY)
