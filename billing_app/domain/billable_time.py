"""Billable time derived from actual time by a contract's rules; actual time is never changed.

Rounding applies to each billed unit: every entry, or the sum of a ticket's entries when
the contract aggregates per ticket (45 + 45 + 5 minutes in 1-hour steps bills 2 hours per
ticket, 3 hours per entry). The minimum applies to the same unit, before rounding.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from billing_app.domain.contracts import RoundingMode, RoundingScope
from billing_app.domain.errors import BillingError

MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True)
class RoundingRule:
    increment_minutes: int = 0  # 0: bill the actual minutes
    mode: RoundingMode = RoundingMode.UP
    minimum_minutes: int = 0
    scope: RoundingScope = RoundingScope.ENTRY

    def __post_init__(self) -> None:
        if self.increment_minutes < 0 or self.minimum_minutes < 0:
            raise BillingError(
                "invalid_rounding",
                "Rounding increment and minimum are minutes and cannot be negative.",
            )


@dataclass(frozen=True)
class WorkedTime:
    """One time entry: its key (e.g. its id), its ticket (None for direct contract time)."""

    key: Hashable
    ticket: Hashable | None
    minutes: int


@dataclass(frozen=True)
class BillableUnit:
    """What one invoice line bills: an entry, or a ticket's entries together."""

    entries: tuple[Hashable, ...]
    ticket: Hashable | None
    actual_minutes: int
    billable_minutes: int

    @property
    def hours(self) -> Decimal:
        return Decimal(self.billable_minutes) / MINUTES_PER_HOUR


def round_minutes(minutes: int, rule: RoundingRule) -> int:
    if minutes < 0:
        raise BillingError(
            "negative_time",
            f"{minutes} minutes is negative; time entries need a positive duration.",
        )
    billed = max(minutes, rule.minimum_minutes)
    if rule.increment_minutes == 0:
        return billed
    steps = Decimal(billed) / rule.increment_minutes
    rounding = ROUND_CEILING if rule.mode is RoundingMode.UP else ROUND_HALF_UP
    return int(steps.to_integral_value(rounding=rounding)) * rule.increment_minutes


def billable_units(work: Iterable[WorkedTime], rule: RoundingRule) -> list[BillableUnit]:
    """Per entry, or per ticket (direct contract time stays per entry), in first-seen order."""
    groups: dict[Hashable, list[WorkedTime]] = {}
    for item in work:
        per_ticket = rule.scope is RoundingScope.TICKET and item.ticket is not None
        groups.setdefault(
            ("ticket", item.ticket) if per_ticket else ("entry", item.key), []
        ).append(item)
    units = []
    for items in groups.values():
        actual = sum(item.minutes for item in items)
        units.append(
            BillableUnit(
                entries=tuple(item.key for item in items),
                ticket=items[0].ticket,
                actual_minutes=actual,
                billable_minutes=round_minutes(actual, rule),
            )
        )
    return units
