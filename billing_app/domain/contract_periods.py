"""Which contract periods a billing run charges, and how much of a period's fee.

Contract periods are calendar months, quarters or years. A run for [start, end] charges
the periods that *start* inside it when the contract bills in advance, and those that
*end* inside it when it bills in arrears: a quarterly fee in advance is charged in the
quarter's first month, in arrears in its last. A contract that starts or ends inside a
period pays for its days only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from billing_app.domain.contracts import Frequency, Timing
from billing_app.domain.periods import check_period, days, month_bounds, overlap_days, prorate

MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}

Period = tuple[dt.date, dt.date]


def period_containing(day: dt.date, frequency: Frequency) -> Period:
    length = MONTHS[frequency]
    first_month = (day.month - 1) // length * length + 1
    start = dt.date(day.year, first_month, 1)
    last_month = dt.date(day.year, first_month + length - 1, 1)
    return start, month_bounds(last_month)[1]


def periods_touching(start: dt.date, end: dt.date, frequency: Frequency) -> list[Period]:
    check_period(start, end)
    periods = [period_containing(start, frequency)]
    while periods[-1][1] < end:
        periods.append(period_containing(periods[-1][1] + dt.timedelta(days=1), frequency))
    return periods


def fee_periods(start: dt.date, end: dt.date, frequency: Frequency, timing: Timing) -> list[Period]:
    """The contract periods a run over [start, end] charges."""
    edge = 0 if timing is Timing.ADVANCE else 1
    return [p for p in periods_touching(start, end, frequency) if start <= p[edge] <= end]


def period_fee(
    fee: Decimal, period: Period, contract_start: dt.date, contract_end: dt.date | None
) -> Decimal:
    """The fee for the days of the period the contract covers (not rounded)."""
    active = overlap_days(period[0], period[1], contract_start, contract_end)
    if active == days(*period):
        return fee
    return prorate(fee, period[0], period[1], active)


def average_quantity(counts: list[tuple[dt.date, Decimal]], period: Period) -> Decimal:
    """Day-weighted quantity of a counted unit over a period; a count holds from its date
    until the next count (a change mid-period is prorated by days)."""
    ordered = sorted(counts)
    total = Decimal(0)
    for index, (since, quantity) in enumerate(ordered):
        until = ordered[index + 1][0] - dt.timedelta(days=1) if index + 1 < len(ordered) else None
        total += quantity * overlap_days(period[0], period[1], since, until)
    return total / days(*period)
