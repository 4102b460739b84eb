"""Which contract periods a billing run charges, and how much of a period's fee.

Contract periods are calendar months, quarters or years. A run for [start, end] charges
the periods that *start* inside it when the contract bills in advance, and those that
*end* inside it when it bills in arrears: a quarterly fee in advance is charged in the
quarter's first month, in arrears in its last. A contract that starts or ends inside a
period pays for its days only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PeriodFee:
    amount: Decimal  # not rounded: the caller rounds once, where it becomes a unit price
    prorated: bool  # the contract covers only some of the period's days
    changed: bool  # two fees apply to parts of the period


def _segments(
    schedule: Sequence[tuple[dt.date, Decimal]], start: dt.date, end: dt.date | None
) -> list[tuple[dt.date, dt.date | None, Decimal]]:
    """(from, until, fee) for each fee of a schedule, within the contract's dates; the first
    fee also covers any days of the contract before it."""
    ordered = sorted(schedule)
    segments = []
    for index, (since, amount) in enumerate(ordered):
        following = (
            ordered[index + 1][0] - dt.timedelta(days=1) if index + 1 < len(ordered) else None
        )
        until = end if following is None else following if end is None else min(end, following)
        segments.append((start if index == 0 else max(since, start), until, amount))
    return segments


def period_fee(
    schedule: Sequence[tuple[dt.date, Decimal]],
    period: Period,
    contract_start: dt.date,
    contract_end: dt.date | None,
) -> PeriodFee:
    """The fee for the days of the period the contract covers, each day at the fee in force
    that day (a change mid-period is prorated by days, like a unit count)."""
    length = days(*period)
    shares = [
        (amount, active)
        for since, until, amount in _segments(schedule, contract_start, contract_end)
        if (active := overlap_days(period[0], period[1], since, until)) > 0
    ]
    covered = sum(active for _, active in shares)
    if len(shares) == 1 and covered == length:
        return PeriodFee(shares[0][0], prorated=False, changed=False)
    amount = sum((fee * active for fee, active in shares), Decimal(0)) / length
    return PeriodFee(amount, prorated=covered < length, changed=len(shares) > 1)


def period_share(amount: Decimal, period: Period, start: dt.date, end: dt.date | None) -> Decimal:
    """The part of a per-period amount (e.g. a block's hours) for the days the contract covers
    (not rounded)."""
    active = overlap_days(period[0], period[1], start, end)
    return amount if active == days(*period) else prorate(amount, period[0], period[1], active)


def average_quantity(counts: list[tuple[dt.date, Decimal]], period: Period) -> Decimal:
    """Day-weighted quantity of a counted unit over a period; a count holds from its date
    until the next count (a change mid-period is prorated by days)."""
    ordered = sorted(counts)
    total = Decimal(0)
    for index, (since, quantity) in enumerate(ordered):
        until = ordered[index + 1][0] - dt.timedelta(days=1) if index + 1 < len(ordered) else None
        total += quantity * overlap_days(period[0], period[1], since, until)
    return total / days(*period)
