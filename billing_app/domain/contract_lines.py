"""The lines one contract bills for a run over [start, end] (pure: inputs are plain data).

Each contract type is one function; `bill_contract` picks it. Work (time and expenses) is
priced by `work_lines`, the same function a clerk's hand-added work goes through.

Rounding, at one point: an amount the engine derives (a prorated or blended fee, an expense
with its markup, what work costs beyond a prepaid block) is rounded half-up to the currency's
minor unit where it becomes a unit price; a derived quantity (hours, an averaged unit count,
a block's prorated hours) to four decimals. A line's net is then quantity x unit price,
rounded once more by `domain.totals`. So preview, save and the document read the same
figures, and nothing reaches the database with more decimals than it keeps.

A contract that starts or ends inside a period pays that period's fee for its days, and a
block of hours grants its hours for the same days (600 for 10 h, half a month: 300 for
5 h). A block of money is bought once, whole: its price and its amount are never prorated.
Work a live invoice already holds (a period's fee, a milestone, a unit line's period) is
left out of the run and reported as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from billing_app.domain import line_texts as texts
from billing_app.domain.contract_periods import (
    Period,
    average_quantity,
    fee_periods,
    period_fee,
    period_share,
)
from billing_app.domain.contracts import ContractType, ProjectBilling
from billing_app.domain.draft_lines import DraftLine
from billing_app.domain.money import ZERO, format_money, quantize, quantize_quantity
from billing_app.domain.run_inputs import RunInput
from billing_app.domain.time_lines import HourlyRates, time_lines
from billing_app.domain.work import LineKind, source_key
from billing_app.domain.work_lines import billed_time, expense_lines, time_line, work_lines

ONE = Decimal(1)


@dataclass(frozen=True)
class ContractBill:
    lines: list[DraftLine]
    balance: Decimal | None = None  # what a block contract carries to the next period
    note: str = ""  # shown on the invoice: the block's balance
    skipped: list[str] = field(default_factory=list)  # descriptions: on a live invoice already


@dataclass(frozen=True)
class FeeLines:
    lines: list[DraftLine]
    shares: list[Period]  # the periods charged, for what else scales with them
    skipped: list[str]


def _fee_lines(run: RunInput, label: str, fee: Decimal) -> FeeLines:
    c = run.contract
    lines, charged, skipped = [], [], []
    for period in fee_periods(run.start, run.end, c.frequency, c.timing):
        due = period_fee(c.fee_schedule(fee), period, c.start_date, c.end_date)
        price = quantize(due.amount, run.currency)
        if price == ZERO:
            continue
        key = source_key(LineKind.CONTRACT_FEE, c.id, period[0])
        description = texts.fee(label, period, prorated=due.prorated, changed=due.changed)
        if key in run.billed_keys:
            skipped.append(description)
            continue
        charged.append(period)
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE, description=description, quantity=ONE,
                unit_price=price, tax_rate=c.tax, source_keys=(key,),
                period_start=period[0], period_end=period[1],
            )
        )  # fmt: skip
    return FeeLines(lines, charged, skipped)


def _retainer(run: RunInput) -> ContractBill:
    assert run.contract.fee is not None
    fees = _fee_lines(run, run.contract.name, run.contract.fee)
    return ContractBill(fees.lines + work_lines(run), skipped=fees.skipped)


def _per_unit(run: RunInput) -> ContractBill:
    c = run.contract
    lines, skipped = [], []
    for period in fee_periods(run.start, run.end, c.frequency, c.timing):
        for unit in c.unit_lines:
            active = [(d, q) for d, q in unit.counts if c.end_date is None or d <= c.end_date]
            quantity = quantize_quantity(average_quantity(active, period))
            if quantity == ZERO:
                continue
            key = source_key("unit_line", unit.id, period[0])
            description = texts.unit_line(unit.name, period)
            if key in run.billed_keys:
                skipped.append(description)
                continue
            lines.append(
                DraftLine(
                    kind=LineKind.CONTRACT_FEE, description=description, quantity=quantity,
                    unit_price=unit.unit_price, tax_rate=c.tax, source_keys=(key,),
                    period_start=period[0], period_end=period[1],
                )
            )  # fmt: skip
    return ContractBill(lines + work_lines(run), skipped=skipped)


def _once(run: RunInput, key: str, description: str, price: Decimal) -> DraftLine | str:
    """A line billed once (a milestone, a fixed price), or its description when a live
    invoice holds it already."""
    if key in run.billed_keys:
        return description
    return DraftLine(
        kind=LineKind.CONTRACT_FEE, description=description, quantity=ONE, unit_price=price,
        tax_rate=run.contract.tax, source_keys=(key,),
    )  # fmt: skip


def _project(run: RunInput) -> ContractBill:
    c = run.contract
    if c.project_billing is ProjectBilling.HOURLY:
        return ContractBill(work_lines(run))
    found = [
        _once(run, source_key("milestone", m.id), texts.milestone(c.name, m.name), m.amount)
        for m in c.milestones
        if run.start <= m.bill_on <= run.end
    ]
    if not c.milestones and not c.project_fee_billed and run.start <= c.start_date <= run.end:
        assert c.fee is not None
        found.append(_once(run, source_key("project_fee", c.id), texts.fixed_price(c.name), c.fee))
    lines = [line for line in found if isinstance(line, DraftLine)]
    skipped = [line for line in found if isinstance(line, str)]
    return ContractBill(lines + work_lines(run), skipped=skipped)


def _block_hours(run: RunInput) -> ContractBill:
    c = run.contract
    assert c.block_hours is not None and c.block_price is not None and c.overage_rate is not None
    label = texts.block_label(c.name, texts.hours(c.block_hours, run.locale))
    fees = _fee_lines(run, label, c.block_price)
    bought = sum(
        (quantize_quantity(period_share(c.block_hours, p, c.start_date, c.end_date))
         for p in fees.shares),
        ZERO,
    )  # fmt: skip
    available = run.carried + bought
    consumed = time_lines(run.time, c.rounding, HourlyRates(c.name, ZERO))  # hours, not money
    used = sum((t.hours for t in consumed), ZERO)
    lines = fees.lines + [time_line(t, run, free=texts.from_block) for t in consumed]
    overage = max(ZERO, used - available)
    if overage > ZERO:
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE, description=texts.beyond_block(c.name),
                quantity=quantize_quantity(overage), unit_price=c.overage_rate, tax_rate=c.tax,
            )
        )  # fmt: skip
    left = max(ZERO, available - used)
    carried = min(left, c.rollover_cap_hours) if c.rollover and c.rollover_cap_hours else left
    balance = carried if c.rollover else ZERO
    hours = partial(texts.hours, locale=run.locale)
    note = texts.block_hours_note(hours(available), hours(run.carried), hours(used), hours(balance))
    return ContractBill(lines + expense_lines(run), balance, note, fees.skipped)


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
                kind=LineKind.CONTRACT_FEE, description=texts.prepaid_amount(c.name),
                quantity=ONE, unit_price=c.block_amount, tax_rate=c.tax,
                source_keys=(source_key("block_money", c.id),),
            )
        )  # fmt: skip
        available += c.block_amount
    money = partial(format_money, currency=run.currency, locale=run.locale)
    work = billed_time(run) + expense_lines(run)
    costs = [quantize(line.quantity * line.unit_price, run.currency) for line in work]
    lines += [
        replace(line, unit_price=ZERO, description=texts.prepaid_use(line.description, money(cost)))
        for line, cost in zip(work, costs, strict=True)
    ]
    cost = sum(costs, ZERO)
    overage = max(ZERO, cost - available)
    if overage > ZERO:
        lines.append(
            DraftLine(
                kind=LineKind.CONTRACT_FEE, description=texts.beyond_prepaid(c.name),
                quantity=ONE, unit_price=overage, tax_rate=c.tax,
            )
        )  # fmt: skip
    balance = max(ZERO, available - cost)
    return ContractBill(lines, balance, texts.block_money_note(money(balance), money(cost)))


BY_TYPE = {
    ContractType.RETAINER: _retainer,
    ContractType.HOURLY: lambda run: ContractBill(work_lines(run)),
    ContractType.BLOCK_HOURS: _block_hours,
    ContractType.BLOCK_MONEY: _block_money,
    ContractType.PER_UNIT: _per_unit,
    ContractType.PROJECT: _project,
}


def bill_contract(run: RunInput) -> ContractBill:
    return BY_TYPE[run.contract.type](run)
