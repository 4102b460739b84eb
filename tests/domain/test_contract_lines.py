"""Each contract type's lines for November 2026, with the figures worked out by hand."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from billing_app.domain import line_texts as texts
from billing_app.domain.billable_time import RoundingRule
from billing_app.domain.contract_lines import bill_contract
from billing_app.domain.contracts import (
    ContractType,
    Frequency,
    ProjectBilling,
    RoundingScope,
    Timing,
    check_terms,
)
from billing_app.domain.errors import BillingError
from billing_app.domain.run_inputs import (
    ContractInput,
    ExpenseInput,
    MilestoneInput,
    RunInput,
    UnitLineInput,
)
from billing_app.domain.time_lines import HourlyRates, TimeWork
from billing_app.domain.totals import LineInput, compute_totals
from billing_app.domain.work import LineKind

D, d = Decimal, dt.date
HOUR_STEPS = RoundingRule(increment_minutes=60, scope=RoundingScope.TICKET)


def contract(kind: ContractType, **terms) -> ContractInput:
    base = ContractInput(
        id=1, name="Acme support", type=kind, start_date=d(2025, 1, 1), end_date=None,
        frequency=Frequency.MONTHLY, timing=Timing.ADVANCE, taxable=True, tax_rate=D(22),
        customer_exempt=False, rates=HourlyRates("Acme support", default=D(65)),
        rounding=RoundingRule(),
    )  # fmt: skip
    return replace(base, **terms)


def run(c: ContractInput, **extra) -> RunInput:
    return RunInput(start=d(2026, 11, 1), end=d(2026, 11, 30), locale="en_GB", currency="EUR",
                    contract=c, **extra)  # fmt: skip


def work(entry_id: int, minutes: int, ticket: int | None = 7) -> TimeWork:
    return TimeWork(entry_id, ticket, "Printer offline", d(2026, 11, 5), minutes, "Remote support")


def total(bill) -> Decimal:
    inputs = [LineInput(line.quantity, line.unit_price, line.tax_rate) for line in bill.lines]
    return compute_totals(inputs, "EUR").total


def test_retainer_bills_the_months_fee_with_vat_and_locks_the_period():
    bill = bill_contract(run(contract(ContractType.RETAINER, fee=D(300))))
    (line,) = bill.lines
    assert (line.description, line.quantity, line.unit_price, line.tax_rate) == (
        "Acme support – November 2026", D(1), D(300), D(22))  # fmt: skip
    assert line.source_keys == ("contract_fee:1:2026-11-01",)
    assert total(bill) == D("366.00")


def test_retainer_starting_mid_month_is_prorated_by_days():
    bill = bill_contract(
        run(contract(ContractType.RETAINER, fee=D(300), start_date=d(2026, 11, 21)))
    )
    (line,) = bill.lines
    assert line.unit_price == D(100)  # 10 of 30 days
    assert line.description.endswith("(prorated)")


def test_exempt_customers_and_untaxed_contracts_pay_no_tax():
    exempt = contract(ContractType.RETAINER, fee=D(300), customer_exempt=True)
    untaxed = contract(ContractType.RETAINER, fee=D(300), taxable=False)
    assert bill_contract(run(exempt)).lines[0].tax_rate == 0
    assert bill_contract(run(untaxed)).lines[0].tax_rate == 0


def test_hourly_bills_rounded_ticket_time_and_marked_up_expenses():
    c = contract(ContractType.HOURLY, rounding=HOUR_STEPS)
    expense = ExpenseInput(5, d(2026, 11, 6), "Cable", D("10.05"), D(10), ticket_id=7)
    bill = bill_contract(run(c, time=[work(1, 45), work(2, 45), work(3, 5)], expenses=[expense]))
    ticket, cable = bill.lines
    assert (ticket.kind, ticket.quantity, ticket.unit_price) == (LineKind.TICKET, D(2), D(65))
    assert ticket.source_keys == ("ticket:7", "time_entry:1", "time_entry:2", "time_entry:3")
    assert (cable.kind, cable.unit_price, cable.source_keys) == (
        LineKind.EXPENSE,
        D("11.06"),
        ("expense:5",),
    )  # fmt: skip  10.05 + 10% = 11.055, half up
    assert total(bill) == D("172.09")  # 130.00 + 28.60 VAT + 11.06 + 2.43 VAT


def test_block_hours_bill_the_block_and_the_hours_beyond_it():
    c = contract(ContractType.BLOCK_HOURS, block_hours=D(10), block_price=D(630),
                 overage_rate=D(80), rollover=True)  # fmt: skip
    bill = bill_contract(run(c, time=[work(1, 13 * 60)], carried=D(2)))
    block, used, beyond = bill.lines
    assert (block.unit_price, used.unit_price, used.quantity) == (D(630), D(0), D(13))
    assert (beyond.quantity, beyond.unit_price) == (D(1), D(80))
    assert bill.balance == 0
    assert total(bill) == D("866.20")  # (630 + 80) x 1.22


def test_block_hours_carry_what_is_left_up_to_the_cap():
    c = contract(ContractType.BLOCK_HOURS, block_hours=D(10), block_price=D(630),
                 overage_rate=D(80), rollover=True, rollover_cap_hours=D(5))  # fmt: skip
    bill = bill_contract(run(c, time=[work(1, 4 * 60)], carried=D(2)))
    assert bill.balance == D(5)  # 12 available - 4 used = 8, capped at 5
    assert "5.00 h carried to the next period" in bill.note
    no_rollover = bill_contract(run(replace(c, rollover=False), time=[work(1, 60)]))
    assert no_rollover.balance == 0


def test_block_money_is_prepaid_once_then_drawn_down_with_overage_at_the_end():
    c = contract(ContractType.BLOCK_MONEY, block_amount=D(2000), rates=HourlyRates("B", D(80)))
    first = bill_contract(run(c, time=[work(1, 600)]))
    assert [line.unit_price for line in first.lines] == [D(2000), D(0)]
    assert first.balance == D(1200)
    later = bill_contract(run(c, time=[work(2, 120)], carried=D(100), block_money_started=True))
    assert [line.unit_price for line in later.lines] == [D(0), D(60)]  # 160 used, 100 left
    assert later.balance == 0


def test_per_unit_counts_are_prorated_by_days_when_they_change():
    units = [
        UnitLineInput(1, "Servers", D(45), [(d(2025, 1, 1), D(3))]),
        UnitLineInput(2, "Workstations", D("18.50"),
                      [(d(2025, 1, 1), D(20)), (d(2026, 11, 16), D(26))]),  # 15 days each
    ]  # fmt: skip
    bill = bill_contract(run(contract(ContractType.PER_UNIT, unit_lines=units,
                                      rates=HourlyRates("P", None))))  # fmt: skip
    assert [(line.quantity, line.unit_price) for line in bill.lines] == [
        (D(3), D(45)), (D(23), D("18.50"))]  # fmt: skip
    assert bill.lines[1].source_keys == ("unit_line:2:2026-11-01",)
    assert total(bill) == D("683.81")  # 135 + 29.70 VAT, 425.50 + 93.61 VAT


def test_fixed_projects_bill_milestones_due_in_the_period():
    milestones = [MilestoneInput(1, "Kick-off", D(4800), d(2026, 11, 3)),
                  MilestoneInput(2, "Go-live", D(7200), d(2027, 1, 10))]  # fmt: skip
    c = contract(ContractType.PROJECT, project_billing=ProjectBilling.FIXED, fee=D(12000),
                 milestones=milestones)  # fmt: skip
    (line,) = bill_contract(run(c)).lines
    assert (line.description, line.unit_price, line.source_keys) == (
        "Acme support – Kick-off", D(4800), ("milestone:1",))  # fmt: skip


def test_a_fixed_project_without_milestones_bills_its_price_once():
    c = contract(ContractType.PROJECT, project_billing=ProjectBilling.FIXED, fee=D(5000),
                 start_date=d(2026, 11, 10))  # fmt: skip
    assert [line.unit_price for line in bill_contract(run(c)).lines] == [D(5000)]
    assert bill_contract(run(replace(c, project_fee_billed=True))).lines == []


def test_hourly_projects_bill_like_hourly_contracts():
    c = contract(ContractType.PROJECT, project_billing=ProjectBilling.HOURLY)
    (line,) = bill_contract(run(c, time=[work(1, 90)])).lines
    assert (line.quantity, line.unit_price) == (D("1.5"), D(65))


def test_time_a_flat_fee_pays_for_is_shown_and_locked_at_no_price():
    retainer = contract(ContractType.RETAINER, fee=D(300))
    fee, included = bill_contract(run(retainer, time=[work(1, 90)])).lines
    assert (included.quantity, included.unit_price) == (D("1.5"), D(0))
    assert included.description.endswith("(included)")
    assert included.source_keys == ("time_entry:1",)
    assert fee.unit_price == D(300)


def test_block_hours_need_no_hourly_rate_to_count_hours():
    c = contract(ContractType.BLOCK_HOURS, block_hours=D(10), block_price=D(630),
                 overage_rate=D(80), rates=HourlyRates("Block", default=None))  # fmt: skip
    bill = bill_contract(run(c, time=[work(1, 60)]))
    assert [line.unit_price for line in bill.lines] == [D(630), D(0)]


@pytest.mark.parametrize(
    ("kind", "terms", "says"),
    [
        (ContractType.HOURLY, {}, "Hourly contracts need an hourly rate; fill it in"),
        (ContractType.RETAINER, {"hourly_rate": D(1)}, "need a fee per period"),
        (ContractType.BLOCK_HOURS, {"block_hours": D(10)},
         "need the price of a block and an hourly rate for hours beyond the block; fill them"),
        (ContractType.PROJECT, {"project_billing": ProjectBilling.FIXED}, "need a fixed price"),
    ],
)  # fmt: skip
def test_a_contract_without_its_rate_or_fee_is_refused_with_a_sentence(kind, terms, says):
    with pytest.raises(BillingError) as error:
        check_terms(kind, terms)
    assert error.value.code == "missing_terms"
    assert says in error.value.message


def test_complete_terms_pass():
    check_terms(ContractType.HOURLY, {"hourly_rate": D(65)})
    check_terms(ContractType.PER_UNIT, {})


def test_what_a_run_left_out_is_told_once_per_contract():
    c = contract(ContractType.PER_UNIT, unit_lines=[
        UnitLineInput(4, "Servers", D(40), [(d(2025, 1, 1), D(2))]),
        UnitLineInput(5, "Workstations", D(15), [(d(2025, 1, 1), D(10))]),
    ])  # fmt: skip
    billed = frozenset({"unit_line:4:2026-11-01", "unit_line:5:2026-11-01"})
    bill = bill_contract(run(c, billed_keys=billed))
    assert bill.lines == []
    assert texts.already_billed(c.name, bill.skipped) == (
        "Acme support: Servers – November 2026 and Workstations – November 2026 are already on "
        "a live invoice, so they are left out."
    )


def test_a_period_fee_on_a_live_invoice_is_not_offered_again():
    c = contract(ContractType.RETAINER, fee=D(300))
    bill = bill_contract(run(c, billed_keys=frozenset({"contract_fee:1:2026-11-01"})))
    assert (bill.lines, bill.skipped) == ([], ["Acme support – November 2026"])
    assert texts.already_billed(c.name, bill.skipped) == (
        "Acme support: November 2026 is already on a live invoice, so it is left out."
    )
