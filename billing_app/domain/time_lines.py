"""Invoice lines for hourly work: billable hours at the rate that applies to each entry.

The rate of an entry is its own override, else the contract's rate for its work type,
else the contract's hourly rate. Entries are aggregated per ticket (when the contract
says so) only with entries at the same rate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from billing_app.domain import line_texts as texts
from billing_app.domain.billable_time import (
    MINUTES_PER_HOUR,
    RoundingRule,
    WorkedTime,
    billable_units,
)
from billing_app.domain.contracts import RoundingScope
from billing_app.domain.errors import BillingError
from billing_app.domain.money import quantize_quantity
from billing_app.domain.work import LineKind


@dataclass(frozen=True)
class TimeWork:
    entry_id: int
    ticket_id: int | None
    ticket_subject: str
    worked_on: dt.date
    minutes: int
    work_type: str
    rate_override: Decimal | None = None


@dataclass(frozen=True)
class HourlyRates:
    contract_name: str
    default: Decimal | None
    by_work_type: Mapping[str, Decimal] = field(default_factory=dict)

    def rate_for(self, work: TimeWork) -> Decimal:
        rate = work.rate_override or self.by_work_type.get(work.work_type) or self.default
        if rate is None:
            raise BillingError(
                "no_rate",
                f"Contract '{self.contract_name}' has no hourly rate for {work.work_type}; "
                "set the contract's hourly rate or a rate for that work type.",
            )
        return rate


@dataclass(frozen=True)
class TimeLine:
    kind: LineKind
    description: str
    hours: Decimal
    rate: Decimal
    entry_ids: tuple[int, ...]
    ticket_id: int | None


def _describe(first: TimeWork, entries: int, per_ticket: bool) -> str:
    if first.ticket_id is None:
        return texts.contract_time(first.worked_on, first.work_type)
    if per_ticket:
        return texts.ticket_total(first.ticket_id, first.ticket_subject, entries)
    return texts.ticket_time(
        first.worked_on, first.work_type, first.ticket_id, first.ticket_subject
    )


def time_lines(work: Iterable[TimeWork], rule: RoundingRule, rates: HourlyRates) -> list[TimeLine]:
    by_rate: dict[Decimal, list[TimeWork]] = {}
    for item in work:
        by_rate.setdefault(rates.rate_for(item), []).append(item)
    per_ticket = rule.scope is RoundingScope.TICKET
    lines = []
    for rate, items in by_rate.items():
        by_id = {item.entry_id: item for item in items}
        worked = [WorkedTime(item.entry_id, item.ticket_id, item.minutes) for item in items]
        for unit in billable_units(worked, rule):
            first = by_id[unit.entries[0]]  # type: ignore[index]
            aggregated = per_ticket and first.ticket_id is not None
            lines.append(
                TimeLine(
                    kind=LineKind.TICKET if aggregated else LineKind.TIME_ENTRY,
                    description=_describe(first, len(unit.entries), aggregated),
                    hours=quantize_quantity(Decimal(unit.billable_minutes) / MINUTES_PER_HOUR),
                    rate=rate,
                    entry_ids=tuple(by_id[key].entry_id for key in unit.entries),  # type: ignore[index]
                    ticket_id=first.ticket_id,
                )
            )
    return lines
