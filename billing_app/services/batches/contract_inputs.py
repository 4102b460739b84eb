"""A contract's terms as the billing engine reads them (`ContractInput`), for many contracts in
a few queries: a batch loads them for a whole period, a Draft for the work added by hand."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, col, select

from billing_app.domain.billable_time import RoundingRule
from billing_app.domain.run_inputs import ContractInput, FeeSchedule, MilestoneInput, UnitLineInput
from billing_app.domain.time_lines import HourlyRates
from billing_app.models import (
    Contract,
    ContractFee,
    ContractMilestone,
    ContractRate,
    ContractUnitLine,
    Customer,
    UnitCount,
)


@dataclass
class Terms:
    """What the contract rows do not hold themselves, per contract id."""

    rates: dict[int, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    milestones: dict[int, list[MilestoneInput]] = field(default_factory=lambda: defaultdict(list))
    units: dict[int, list[UnitLineInput]] = field(default_factory=lambda: defaultdict(list))
    fee_changes: dict[int, FeeSchedule] = field(default_factory=dict)


def load_terms(session: Session, contract_ids: list[int]) -> Terms:
    terms = Terms(units=_unit_lines(session, contract_ids),
                  fee_changes=_fee_changes(session, contract_ids))  # fmt: skip
    for rate in session.exec(
        select(ContractRate).where(col(ContractRate.contract_id).in_(contract_ids))
    ):
        terms.rates[rate.contract_id][rate.work_type] = rate.hourly_rate
    for m in session.exec(
        select(ContractMilestone).where(col(ContractMilestone.contract_id).in_(contract_ids))
    ):
        assert m.id is not None
        terms.milestones[m.contract_id].append(MilestoneInput(m.id, m.name, m.amount, m.bill_on))
    return terms


def contract_input(
    c: Contract, customer: Customer, terms: Terms, billed: frozenset[str]
) -> ContractInput:
    assert c.id is not None
    return ContractInput(
        id=c.id, name=c.name, type=c.type, start_date=c.start_date, end_date=c.end_date,
        frequency=c.frequency, timing=c.timing, taxable=c.taxable, tax_rate=c.tax_rate,
        customer_exempt=customer.tax_exempt,
        rates=HourlyRates(c.name, c.hourly_rate, terms.rates[c.id]),
        rounding=RoundingRule(c.rounding_increment_minutes, c.rounding_mode,
                              c.minimum_minutes, c.rounding_scope),
        fee=c.fee, block_hours=c.block_hours, block_price=c.block_price,
        overage_rate=c.overage_rate, rollover=c.rollover,
        rollover_cap_hours=c.rollover_cap_hours, block_amount=c.block_amount,
        project_billing=c.project_billing, unit_lines=terms.units[c.id],
        milestones=terms.milestones[c.id], project_fee_billed=f"project_fee:{c.id}" in billed,
        fee_changes=terms.fee_changes.get(c.id, ()),
    )  # fmt: skip


def _unit_lines(session: Session, contract_ids: list[int]) -> dict[int, list[UnitLineInput]]:
    counts: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    lines = session.exec(
        select(ContractUnitLine).where(col(ContractUnitLine.contract_id).in_(contract_ids))
    ).all()
    for count in session.exec(
        select(UnitCount).where(col(UnitCount.unit_line_id).in_([u.id for u in lines]))
    ):
        counts[count.unit_line_id].append((count.effective_from, count.quantity))
    by_contract: dict[int, list[UnitLineInput]] = defaultdict(list)
    for unit in lines:
        assert unit.id is not None
        by_contract[unit.contract_id].append(
            UnitLineInput(unit.id, unit.name, unit.unit_price, counts[unit.id])
        )
    return by_contract


def _fee_changes(session: Session, contract_ids: list[int]) -> dict[int, FeeSchedule]:
    schedules: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for fee in session.exec(
        select(ContractFee)
        .where(col(ContractFee.contract_id).in_(contract_ids))
        .order_by(col(ContractFee.effective_from))
    ):
        schedules[fee.contract_id].append((fee.effective_from, fee.amount))
    return {contract_id: tuple(rows) for contract_id, rows in schedules.items()}
