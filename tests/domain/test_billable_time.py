from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_app.domain.billable_time import (
    RoundingRule,
    WorkedTime,
    billable_units,
    round_minutes,
)
from billing_app.domain.contracts import RoundingMode, RoundingScope
from billing_app.domain.errors import BillingError

HOURLY_UP = RoundingRule(increment_minutes=60, mode=RoundingMode.UP)


def work(*minutes: int, ticket: str | None = "T1"):
    return [WorkedTime(key=index, ticket=ticket, minutes=m) for index, m in enumerate(minutes)]


def test_per_ticket_aggregation_bills_the_sum_once():
    per_ticket = RoundingRule(increment_minutes=60, scope=RoundingScope.TICKET)
    (unit,) = billable_units(work(45, 45, 5), per_ticket)
    assert (unit.actual_minutes, unit.billable_minutes, unit.entries) == (95, 120, (0, 1, 2))


def test_per_entry_rounding_rounds_each_entry():
    units = billable_units(work(45, 45, 5), HOURLY_UP)
    assert [u.billable_minutes for u in units] == [60, 60, 60]


@pytest.mark.parametrize(
    ("minutes", "rule", "billed"),
    [
        (7, RoundingRule(increment_minutes=15), 15),
        (15, RoundingRule(increment_minutes=15), 15),
        (16, RoundingRule(increment_minutes=15), 30),
        (22, RoundingRule(increment_minutes=15, mode=RoundingMode.NEAREST), 15),
        (23, RoundingRule(increment_minutes=15, mode=RoundingMode.NEAREST), 30),
        (5, RoundingRule(minimum_minutes=30), 30),
        (5, RoundingRule(increment_minutes=15, minimum_minutes=20), 30),
        (47, RoundingRule(), 47),
    ],
)
def test_rounding_rules(minutes, rule, billed):
    assert round_minutes(minutes, rule) == billed


def test_direct_contract_time_stays_per_entry_even_when_aggregating_per_ticket():
    per_ticket = RoundingRule(increment_minutes=60, scope=RoundingScope.TICKET)
    units = billable_units(work(20, 20, ticket=None), per_ticket)
    assert [u.billable_minutes for u in units] == [60, 60]


def test_hours_are_exact_decimals():
    (unit,) = billable_units(work(50), RoundingRule())
    assert unit.hours * 60 == Decimal(50)
    assert unit.hours.quantize(Decimal("0.0001")) == Decimal("0.8333")


def test_negative_time_and_negative_rules_are_refused():
    with pytest.raises(BillingError) as error:
        round_minutes(-5, RoundingRule())
    assert error.value.code == "negative_time"
    with pytest.raises(BillingError):
        RoundingRule(increment_minutes=-15)


@given(
    minutes=st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=12),
    increment=st.sampled_from([0, 5, 6, 15, 30, 60]),
    minimum=st.sampled_from([0, 15, 30]),
)
def test_rounding_up_never_bills_less_than_worked_and_aggregation_never_bills_more(
    minutes, increment, minimum
):
    per_entry = RoundingRule(increment_minutes=increment, minimum_minutes=minimum)
    per_ticket = RoundingRule(
        increment_minutes=increment, minimum_minutes=minimum, scope=RoundingScope.TICKET
    )
    entry_units = billable_units(work(*minutes), per_entry)
    (ticket_unit,) = billable_units(work(*minutes), per_ticket)
    assert all(u.billable_minutes >= u.actual_minutes for u in entry_units)
    assert ticket_unit.billable_minutes >= sum(minutes)
    assert ticket_unit.billable_minutes <= sum(u.billable_minutes for u in entry_units)
    if increment:
        assert all(u.billable_minutes % increment == 0 for u in entry_units)
