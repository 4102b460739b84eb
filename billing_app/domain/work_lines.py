"""The one place that prices a piece of work (time and expenses) under its contract.

A batch and a clerk adding work to a Draft by hand both call `work_lines`, so the same work
always gets the same lines: the contract's rates, rounding rule (per entry or per ticket) and
tax rate. Flat-fee contracts (retainer, monitoring that includes support, fixed-price project)
put their time on the invoice at no price; an expense is billed at its amount plus markup.
Block contracts draw their work down from a balance a batch keeps, so their work is priced in
`contract_lines` and cannot be added by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from billing_app.domain import line_texts as texts
from billing_app.domain.contracts import ContractType, ProjectBilling
from billing_app.domain.draft_lines import DraftLine
from billing_app.domain.errors import BillingError
from billing_app.domain.money import ZERO, quantize
from billing_app.domain.run_inputs import ExpenseInput, RunInput
from billing_app.domain.time_lines import HourlyRates, TimeLine, time_lines
from billing_app.domain.work import LineKind, source_key

ONE = Decimal(1)
HUNDRED = Decimal(100)
BLOCKS = (ContractType.BLOCK_HOURS, ContractType.BLOCK_MONEY)


def time_line(
    line: TimeLine,
    run: RunInput,
    *,
    free: Callable[[str], str] | None = None,
) -> DraftLine:
    """A time line at its rate; or, with `free`, at no price, described by `free`."""
    keys = tuple(source_key(LineKind.TIME_ENTRY, entry) for entry in line.entry_ids)
    ticket = source_key(LineKind.TICKET, line.ticket_id) if line.ticket_id else None
    if line.kind is LineKind.TICKET and ticket and ticket not in run.billed_keys:
        keys = (ticket, *keys)  # a ticket billed before keeps its first lock
    return DraftLine(
        kind=line.kind,
        description=line.description if free is None else free(line.description),
        quantity=line.hours,
        unit_price=line.rate if free is None else ZERO,
        tax_rate=run.contract.tax,
        source_keys=keys,
        ticket_id=line.ticket_id,
        time_entry_id=line.entry_ids[0] if len(line.entry_ids) == 1 else None,
        included=free is texts.included,
    )


def expense_price(expense: ExpenseInput, currency: str) -> Decimal:
    """Amount plus markup, rounded half-up to the currency's minor unit."""
    return quantize(expense.amount * (ONE + expense.markup_percent / HUNDRED), currency)


def expense_line(expense: ExpenseInput, currency: str, tax_rate: Decimal) -> DraftLine:
    return DraftLine(
        kind=LineKind.EXPENSE,
        description=texts.expense(expense.spent_on, expense.description),
        quantity=ONE,
        unit_price=expense_price(expense, currency),
        tax_rate=tax_rate,
        source_keys=(source_key(LineKind.EXPENSE, expense.id),),
        ticket_id=expense.ticket_id,
        expense_id=expense.id,
    )


def expense_lines(run: RunInput) -> list[DraftLine]:
    return [expense_line(e, run.currency, run.contract.tax) for e in run.expenses]


def billed_time(run: RunInput) -> list[DraftLine]:
    """Time at the contract's rates."""
    c = run.contract
    return [time_line(t, run) for t in time_lines(run.time, c.rounding, c.rates)]


def included_time(run: RunInput) -> list[DraftLine]:
    """Time a flat fee already pays for: on the invoice, and locked, at no price."""
    c = run.contract
    free = HourlyRates(c.name, ZERO)
    return [time_line(t, run, free=texts.included) for t in time_lines(run.time, c.rounding, free)]


def _time_is_included(run: RunInput) -> bool:
    c = run.contract
    return (
        c.type is ContractType.RETAINER
        or (c.type is ContractType.PER_UNIT and c.rates.default is None)
        or (c.type is ContractType.PROJECT and c.project_billing is not ProjectBilling.HOURLY)
    )


def work_lines(run: RunInput) -> list[DraftLine]:
    """The lines of a run's time and expenses (not of block contracts: see the module)."""
    assert run.contract.type not in BLOCKS
    time = included_time(run) if _time_is_included(run) else billed_time(run)
    return time + expense_lines(run)


def lines_by_hand(run: RunInput) -> list[DraftLine]:
    """Work a clerk adds to a Draft: priced as a batch would, block contracts refused."""
    c = run.contract
    if c.type in BLOCKS:
        raise BillingError(
            "block_work_by_hand",
            f"Work under '{c.name}' draws down its {c.type.label.lower()} balance; bill it "
            "in a batch so that the balance stays right.",
        )
    return work_lines(run)
