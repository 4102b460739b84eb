"""A contract's main terms in a few words, for the list: "1.200,00 € / month in advance"."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from billing_app.domain.contracts import ContractType, Frequency, ProjectBilling, Timing
from billing_app.domain.form_values import show_number
from billing_app.domain.money import format_money

PER = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter", Frequency.YEARLY: "year"}
TIMING = {Timing.ADVANCE: "in advance", Timing.ARREARS: "in arrears"}


@dataclass(frozen=True)
class TermsSummary:
    type: ContractType
    frequency: Frequency
    timing: Timing
    hourly_rate: Decimal | None = None
    fee: Decimal | None = None
    block_hours: Decimal | None = None
    block_price: Decimal | None = None
    overage_rate: Decimal | None = None
    rollover: bool = False
    rollover_cap_hours: Decimal | None = None
    block_amount: Decimal | None = None
    project_billing: ProjectBilling | None = None
    unit_lines: int = 0


def billing_rhythm(frequency: Frequency, timing: Timing) -> str:
    """Monthly, in advance."""
    return f"{frequency.value.capitalize()}, {TIMING[timing]}"


def terms_in_words(terms: TermsSummary, currency: str, locale: str) -> str:
    def money(amount: Decimal | None) -> str:
        return "—" if amount is None else format_money(amount, currency, locale)

    def hours(value: Decimal | None) -> str:
        return "—" if value is None else f"{show_number(value, locale)}\u00a0h"  # "5 h" never wraps

    hourly = f"{money(terms.hourly_rate)} / h"
    match terms.type:
        case ContractType.RETAINER:
            return f"{money(terms.fee)} / {PER[terms.frequency]} {TIMING[terms.timing]}"
        case ContractType.HOURLY:
            return hourly
        case ContractType.BLOCK_HOURS:
            words = (
                f"{hours(terms.block_hours)} for {money(terms.block_price)}, "
                f"overage {money(terms.overage_rate)}/h"
            )
            if terms.rollover:
                cap = terms.rollover_cap_hours
                words += f", rollover up to {hours(cap)}" if cap else ", rollover"
            return words
        case ContractType.BLOCK_MONEY:
            return f"{money(terms.block_amount)} prepaid, drawn at {hourly}"
        case ContractType.PER_UNIT:
            count = terms.unit_lines
            return f"{count} unit line{'' if count == 1 else 's'}"
    if terms.project_billing is ProjectBilling.FIXED:
        return f"Fixed {money(terms.fee)}"
    return f"Hourly, {hourly}"
