"""What the billing engine prices: a contract's terms and the work of one run, as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from billing_app.domain.billable_time import RoundingRule
from billing_app.domain.contracts import ContractType, Frequency, ProjectBilling, Timing
from billing_app.domain.draft_lines import tax_rate_for
from billing_app.domain.money import ZERO
from billing_app.domain.time_lines import HourlyRates, TimeWork

FeeSchedule = tuple[tuple[dt.date, Decimal], ...]  # (from, fee) pairs


@dataclass(frozen=True)
class UnitLineInput:
    id: int
    name: str
    unit_price: Decimal
    counts: list[tuple[dt.date, Decimal]]


@dataclass(frozen=True)
class MilestoneInput:
    id: int
    name: str
    amount: Decimal
    bill_on: dt.date


@dataclass(frozen=True)
class ExpenseInput:
    id: int
    spent_on: dt.date
    description: str
    amount: Decimal
    markup_percent: Decimal
    ticket_id: int | None = None


@dataclass(frozen=True)
class ContractInput:
    id: int
    name: str
    type: ContractType
    start_date: dt.date
    end_date: dt.date | None
    frequency: Frequency
    timing: Timing
    taxable: bool
    tax_rate: Decimal
    customer_exempt: bool
    rates: HourlyRates
    rounding: RoundingRule
    fee: Decimal | None = None
    block_hours: Decimal | None = None
    block_price: Decimal | None = None
    overage_rate: Decimal | None = None
    rollover: bool = False
    rollover_cap_hours: Decimal | None = None
    block_amount: Decimal | None = None
    project_billing: ProjectBilling | None = None
    unit_lines: list[UnitLineInput] = field(default_factory=list)
    milestones: list[MilestoneInput] = field(default_factory=list)
    project_fee_billed: bool = False  # a fixed project price without milestones bills once
    fee_changes: FeeSchedule = ()  # the periodic fee from each date on (empty: it never changed)

    @property
    def tax(self) -> Decimal:
        return tax_rate_for(
            taxable=self.taxable, rate=self.tax_rate, customer_exempt=self.customer_exempt
        )

    def fee_schedule(self, fee: Decimal) -> FeeSchedule:
        """The periodic fee over time: its changes, else `fee` from the contract's start."""
        return self.fee_changes or ((self.start_date, fee),)


@dataclass(frozen=True)
class RunInput:
    start: dt.date
    end: dt.date
    locale: str
    currency: str
    contract: ContractInput
    time: Sequence[TimeWork] = ()
    expenses: Sequence[ExpenseInput] = ()
    carried: Decimal = ZERO  # block hours (or block money) left from the previous period
    block_money_started: bool = False  # the prepaid amount was already billed
    billed_keys: frozenset[str] = frozenset()  # sources a live invoice holds already
