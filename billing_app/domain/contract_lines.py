"""The lines one contract bills for a run over [start, end] (pure: inputs are plain data).

Each contract type is one function; `bill_contract` picks it. Amounts are not rounded
here: a line's net is rounded once, by `domain.totals`, from quantity x unit price.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from babel.dates import format_date

from billing_app.domain.billable_time import RoundingRule
from billing_app.domain.contract_periods import Period, average_quantity, fee_periods, period_fee
from billing_app.domain.contracts import ContractType, Frequency, ProjectBilling, Timing
from billing_app.domain.draft_lines import DraftLine, tax_rate_for
from billing_app.domain.formats import format_quantity
from billing_app.domain.money import ZERO, format_money, quantize_quantity
from billing_app.domain.time_lines import HourlyRates, TimeLine, TimeWork, time_lines
from billing_app.domain.work import LineKind, source_key

ONE = Decimal(1)
HUNDRED = Decimal(100)


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


@dataclass(frozen=True)
class ContractBill:
    lines: list[DraftLine]
    balance: Decimal | None = None  # what a block contract carries to the next period
    note: str = ""  # shown on the invoice: the block's balance


def _hours(value: Decimal, run: RunInput) -> str:
    return f"{format_quantity(value, run.locale, decimals=2)} h"


def _tax(run: RunInput) -> Decimal:
    c = run.contract
    return tax_rate_for(taxable=c.taxable, rate=c.tax_rate, customer_exempt=c.customer_exempt)


def _period_name(period: Period, run: RunInput) -> str:
    if period[0].month == period[1].month:
        return str(format_date(period[0], "MMMM y", locale=run.locale))
    first = format_date(period[0], "MMM y", locale=run.locale)
    return f"{first} – {format_date(period[1], 'MMM y', locale=run.locale)}"


def _fee_lines(run: RunInput, label: str, amount: Decimal) -> list[DraftLine]:
    c = run.contract
    lines = []
    for period in fee_periods(run.start, run.end, c.frequency, c.timing):
        due = period_fee(amount, period, c.start_date, c.end_date)
        if due == ZERO:
            continue
        prorated = "" if due == amount else " (prorated)"
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE,
                description=f"{label} – {_period_name(period, run)}{prorated}",
                quantity=ONE,
                unit_price=due,
                tax_rate=_tax(run),
                source_keys=(source_key(LineKind.CONTRACT_FEE, c.id, period[0]),),
                period_start=period[0],
                period_end=period[1],
            )
        )
    return lines


def _time_line(line: TimeLine, run: RunInput, price: Decimal | None = None) -> DraftLine:
    keys = tuple(source_key(LineKind.TIME_ENTRY, entry) for entry in line.entry_ids)
    if line.kind is LineKind.TICKET and line.ticket_id is not None:
        keys = (source_key(LineKind.TICKET, line.ticket_id), *keys)
    return DraftLine(
        kind=line.kind,
        description=line.description,
        quantity=line.hours,
        unit_price=line.rate if price is None else price,
        tax_rate=_tax(run),
        source_keys=keys,
        ticket_id=line.ticket_id,
        time_entry_id=line.entry_ids[0] if len(line.entry_ids) == 1 else None,
    )


def _expense_lines(run: RunInput) -> list[DraftLine]:
    return [
        DraftLine(
            kind=LineKind.EXPENSE,
            description=f"{e.spent_on.isoformat()} · {e.description}",
            quantity=ONE,
            unit_price=e.amount * (ONE + e.markup_percent / HUNDRED),
            tax_rate=_tax(run),
            source_keys=(source_key(LineKind.EXPENSE, e.id),),
            ticket_id=e.ticket_id,
            expense_id=e.id,
        )
        for e in run.expenses
    ]


def _hourly(run: RunInput) -> ContractBill:
    c = run.contract
    lines = [_time_line(t, run) for t in time_lines(run.time, c.rounding, c.rates)]
    return ContractBill(lines + _expense_lines(run))


def _included_time(run: RunInput) -> list[DraftLine]:
    """Time a flat fee already pays for: on the invoice, and locked, at no price."""
    c = run.contract
    free = HourlyRates(c.name, ZERO)
    return [
        replace(_time_line(t, run, ZERO), description=f"{t.description} (included)")
        for t in time_lines(run.time, c.rounding, free)
    ]


def _retainer(run: RunInput) -> ContractBill:
    assert run.contract.fee is not None
    fees = _fee_lines(run, run.contract.name, run.contract.fee)
    return ContractBill(fees + _included_time(run) + _expense_lines(run))


def _per_unit(run: RunInput) -> ContractBill:
    c = run.contract
    lines = []
    for period in fee_periods(run.start, run.end, c.frequency, c.timing):
        for unit in c.unit_lines:
            active = [(d, q) for d, q in unit.counts if c.end_date is None or d <= c.end_date]
            quantity = quantize_quantity(average_quantity(active, period))
            if quantity == ZERO:
                continue
            lines.append(
                DraftLine(
                    kind=LineKind.CONTRACT_FEE,
                    description=f"{unit.name} – {_period_name(period, run)}",
                    quantity=quantity,
                    unit_price=unit.unit_price,
                    tax_rate=_tax(run),
                    source_keys=(source_key("unit_line", unit.id, period[0]),),
                    period_start=period[0],
                    period_end=period[1],
                )
            )
    if c.rates.default is None:  # monitoring that includes support
        return ContractBill(lines + _included_time(run) + _expense_lines(run))
    return ContractBill(lines + _hourly(run).lines)


def _project(run: RunInput) -> ContractBill:
    c = run.contract
    if c.project_billing is ProjectBilling.HOURLY:
        return _hourly(run)
    lines = [
        DraftLine(
            kind=LineKind.CONTRACT_FEE,
            description=f"{c.name} – {m.name}",
            quantity=ONE,
            unit_price=m.amount,
            tax_rate=_tax(run),
            source_keys=(source_key("milestone", m.id),),
        )
        for m in c.milestones
        if run.start <= m.bill_on <= run.end
    ]
    if not c.milestones and not c.project_fee_billed and run.start <= c.start_date <= run.end:
        assert c.fee is not None
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE,
                description=f"{c.name} – fixed price",
                quantity=ONE,
                unit_price=c.fee,
                tax_rate=_tax(run),
                source_keys=(source_key("project_fee", c.id),),
            )
        )
    return ContractBill(lines + _included_time(run) + _expense_lines(run))


def _block_hours(run: RunInput) -> ContractBill:
    c = run.contract
    assert c.block_hours is not None and c.block_price is not None and c.overage_rate is not None
    fees = _fee_lines(run, f"{c.name}: block of {_hours(c.block_hours, run)}", c.block_price)
    bought = c.block_hours * len(fees)
    available = run.carried + bought
    consumed = time_lines(run.time, c.rounding, HourlyRates(c.name, ZERO))  # hours, not money
    used = sum((t.hours for t in consumed), ZERO)
    lines = fees + [
        replace(_time_line(t, run, ZERO), description=f"{t.description} (from the block)")
        for t in consumed
    ]
    overage = max(ZERO, used - available)
    if overage > ZERO:
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE,
                description=f"{c.name}: hours beyond the block",
                quantity=quantize_quantity(overage),
                unit_price=c.overage_rate,
                tax_rate=_tax(run),
            )
        )
    left = max(ZERO, available - used)
    carried = min(left, c.rollover_cap_hours) if c.rollover and c.rollover_cap_hours else left
    balance = carried if c.rollover else ZERO
    note = (
        f"Block hours: {_hours(available, run)} available ({_hours(run.carried, run)} carried "
        f"over), {_hours(used, run)} used, {_hours(balance, run)} carried to the next period."
    )
    return ContractBill(lines + _expense_lines(run), balance=balance, note=note)


def _block_money(run: RunInput) -> ContractBill:
    """The prepaid amount is billed once; time (at the contract rate) and expenses draw it
    down; what they cost beyond it is billed as overage."""
    c = run.contract
    assert c.block_amount is not None
    lines: list[DraftLine] = []
    available = run.carried
    if not run.block_money_started:
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE,
                description=f"{c.name}: prepaid amount",
                quantity=ONE,
                unit_price=c.block_amount,
                tax_rate=_tax(run),
                source_keys=(source_key("block_money", c.id),),
            )
        )
        available += c.block_amount
    work = [_time_line(t, run) for t in time_lines(run.time, c.rounding, c.rates)]
    work += _expense_lines(run)
    cost = sum((line.quantity * line.unit_price for line in work), ZERO)
    lines += [
        replace(line, unit_price=ZERO, description=f"{line.description} (prepaid: "
                f"{format_money(line.quantity * line.unit_price, run.currency, run.locale)})")
        for line in work
    ]  # fmt: skip
    overage = max(ZERO, cost - available)
    if overage > ZERO:
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE,
                description=f"{c.name}: beyond the prepaid amount",
                quantity=ONE,
                unit_price=overage,
                tax_rate=_tax(run),
            )
        )
    balance = max(ZERO, available - cost)
    money = partial(format_money, currency=run.currency, locale=run.locale)
    note = f"Prepaid balance: {money(balance)} left after {money(cost)} used this period."
    return ContractBill(lines, balance=balance, note=note)


BY_TYPE = {
    ContractType.RETAINER: _retainer,
    ContractType.HOURLY: _hourly,
    ContractType.BLOCK_HOURS: _block_hours,
    ContractType.BLOCK_MONEY: _block_money,
    ContractType.PER_UNIT: _per_unit,
    ContractType.PROJECT: _project,
}


def bill_contract(run: RunInput) -> ContractBill:
    return BY_TYPE[run.contract.type](run)
