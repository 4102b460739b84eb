"""Properties of the billing engine over random contracts (issue 14): whatever the contract,
its dates, fees, changes, currency and tax mode, preview and save agree to the minor unit,
save fails only with a sentence, totals add up, and work added by hand is priced as a batch
prices it."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from billing_app.domain.contracts import ContractType, ProjectBilling, RoundingMode, RoundingScope
from billing_app.domain.errors import BillingError
from billing_app.domain.money import minor_unit
from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind, TicketStatus
from billing_app.models import (
    AccountSettings,
    ContractFee,
    ContractMilestone,
    ContractUnitLine,
    Expense,
    Invoice,
    InvoiceLine,
    UnitCount,
)
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.preview import preview_batch
from billing_app.services.batches.save import save_batch
from billing_app.services.invoices.add_work import add_work_lines
from billing_app.services.invoices.flexible import create_flexible_invoice
from tests import factories

D = Decimal
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
WORK = (LineKind.TICKET, LineKind.TIME_ENTRY, LineKind.EXPENSE)
BLOCKS = (ContractType.BLOCK_HOURS, ContractType.BLOCK_MONEY)

currencies = st.sampled_from(["EUR", "JPY", "KWD"])
days = st.integers(min_value=-75, max_value=45).map(lambda n: NOV[0] + dt.timedelta(days=n))
november = st.integers(min_value=1, max_value=30).map(lambda n: dt.date(2026, 11, n))


def amounts(currency: str, low: int = 1, high: int = 2_000_000) -> st.SearchStrategy[Decimal]:
    """Amounts at the currency's precision, as a form would take them."""
    return st.integers(min_value=low, max_value=high).map(lambda n: n * minor_unit(currency))


@st.composite
def scenarios(draw: st.DrawFn) -> dict:
    currency = draw(currencies)
    kind = draw(st.sampled_from(list(ContractType)))
    start = draw(days)
    end = draw(st.none() | st.integers(0, 90).map(lambda n: start + dt.timedelta(days=n)))
    money = amounts(currency)
    terms: dict = {
        "type": kind, "start_date": start, "end_date": end, "hourly_rate": None,
        "tax_rate": draw(st.sampled_from([D(0), D(4), D("5.5"), D(10), D(22)])),
        "rounding_increment_minutes": draw(st.sampled_from([0, 6, 15, 30, 60])),
        "minimum_minutes": draw(st.sampled_from([0, 15, 30])),
        "rounding_mode": draw(st.sampled_from(list(RoundingMode))),
        "rounding_scope": draw(st.sampled_from(list(RoundingScope))),
    }  # fmt: skip
    if kind in (ContractType.HOURLY, ContractType.BLOCK_MONEY) or draw(st.booleans()):
        terms["hourly_rate"] = draw(money)
    if kind is ContractType.RETAINER:
        terms["fee"] = draw(money)
    if kind is ContractType.BLOCK_HOURS:
        terms |= {"block_hours": D(draw(st.integers(1, 4000))).scaleb(-2),
                  "block_price": draw(money), "overage_rate": draw(money),
                  "rollover": draw(st.booleans())}  # fmt: skip
    if kind is ContractType.BLOCK_MONEY:
        terms["block_amount"] = draw(money)
    if kind is ContractType.PROJECT:
        billing = draw(st.sampled_from(list(ProjectBilling)))
        terms["project_billing"] = billing
        if billing is ProjectBilling.FIXED:
            terms["fee"] = draw(money)
        elif terms["hourly_rate"] is None:
            terms["hourly_rate"] = draw(money)
    return {
        "currency": currency,
        "inclusive": draw(st.booleans()),
        "terms": terms,
        "fee_change": draw(st.none() | st.tuples(days, money)),
        "units": draw(
            st.lists(
                st.tuples(
                    amounts(currency, 1, 500_000),
                    st.lists(st.tuples(days, st.integers(0, 300)), min_size=1, max_size=3),
                ),
                max_size=2,
            )
        ),
        "milestones": draw(st.lists(st.tuples(november, money), max_size=2)),
        "time": draw(
            st.lists(st.tuples(st.integers(0, 2), november, st.integers(1, 600)), max_size=6)
        ),
        "expenses": draw(
            st.lists(
                st.tuples(
                    november,
                    amounts(currency, 1, 100_000),
                    st.integers(0, 5000).map(lambda n: D(n).scaleb(-2)),
                ),
                max_size=3,
            )
        ),
    }


def build(session, scenario: dict):
    """The scenario's rows, flushed (never committed: each example rolls back)."""
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT",
                                           prices_include_tax=scenario["inclusive"]))  # fmt: skip
    clerk = factories.actor(factories.user(session, Role.BILLING))
    acme = factories.customer(session, name="Acme", currency=scenario["currency"],
                              billing_emails="ap@acme.example")  # fmt: skip
    contract = factories.contract(session, acme, name="Services", **scenario["terms"])
    periodic = scenario["terms"].get("fee") or scenario["terms"].get("block_price")
    if scenario["fee_change"] and periodic is not None:
        changed_on, new_fee = scenario["fee_change"]
        factories.add(
            session,
            ContractFee(
                contract_id=contract.id, effective_from=contract.start_date, amount=periodic
            ),
        )
        if changed_on > contract.start_date:
            factories.add(session, ContractFee(contract_id=contract.id, effective_from=changed_on,
                                               amount=new_fee))  # fmt: skip
    if contract.type is ContractType.PER_UNIT:
        for price, counts in scenario["units"]:
            line = factories.add(session, ContractUnitLine(contract_id=contract.id, name="Seats",
                                                           unit_price=price))  # fmt: skip
            for since, quantity in dict(counts).items():
                factories.add(session, UnitCount(unit_line_id=line.id, effective_from=since,
                                                 quantity=D(quantity)))  # fmt: skip
    if contract.project_billing is ProjectBilling.FIXED:
        for n, (bill_on, amount) in enumerate(scenario["milestones"]):
            factories.add(session, ContractMilestone(contract_id=contract.id, name=f"Phase {n}",
                                                     amount=amount, bill_on=bill_on))  # fmt: skip
    tickets = [factories.ticket(session, acme, contract_id=contract.id,
                                status=TicketStatus.CLOSED) for _ in range(3)]  # fmt: skip
    entries = [
        factories.time_entry(session, tickets[t], duration_minutes=minutes,
                             started_at=dt.datetime.combine(day, dt.time(9), dt.UTC))
        for t, day, minutes in scenario["time"]
    ]  # fmt: skip
    expenses = [
        factories.add(session, Expense(customer_id=acme.id, ticket_id=tickets[0].id,
                                       spent_on=day, description="Parts", amount=amount,
                                       markup_percent=markup))
        for day, amount, markup in scenario["expenses"]
    ]  # fmt: skip
    return clerk, acme, contract, entries, expenses


def stored(session, invoice_id: int) -> list[InvoiceLine]:
    return list(session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)
                             .order_by(InvoiceLine.position)))  # fmt: skip


def priced(lines) -> list[tuple]:
    return [(ln.kind, ln.description, ln.quantity, ln.unit_price, ln.tax_rate, ln.net, ln.tax)
            for ln in lines]  # fmt: skip


def by_hand(session, clerk, acme, entries, expenses) -> list[tuple] | None:
    """The same work added to a flexible Draft, then undone; None where hand-adding refuses."""
    savepoint = session.begin_nested()
    try:
        draft = create_flexible_invoice(session, clerk, acme.id)
        add_work_lines(session, clerk, draft, time_entry_ids=[e.id for e in entries],
                       expense_ids=[e.id for e in expenses])  # fmt: skip
        return priced(stored(session, draft))
    except BillingError as error:
        assert error.code in ("block_work_by_hand", "no_rate"), error.message
        return None
    finally:
        savepoint.rollback()


SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=80, deadline=None, suppress_health_check=SLOW_OK)
@given(scenario=scenarios())
def test_preview_save_and_hand_pricing_agree_for_any_contract(session, scenario):
    try:
        clerk, acme, contract, entries, expenses = build(session, scenario)
        hand = by_hand(session, clerk, acme, entries, expenses)
        preview = preview_batch(session, clerk, *NOV, RunFilters())
        try:
            saved = save_batch(session, clerk, "November 2026", *NOV, RunFilters())
        except BillingError as error:
            assert error.code == "nothing_to_bill" and preview.invoices == [], error.message
            event("nothing to bill")
            return
        (expected,) = preview.invoices
        (invoice_id,) = saved.invoice_ids
        invoice = session.get(Invoice, invoice_id)
        lines = stored(session, invoice_id)
        assert (invoice.net_total, invoice.tax_total, invoice.total) == (
            expected.totals.net, expected.totals.tax, expected.totals.total)  # fmt: skip
        assert invoice.prices_include_tax is scenario["inclusive"]
        assert [(ln.quantity, ln.unit_price, ln.net, ln.tax) for ln in lines] == [
            (draft.quantity, draft.unit_price, amounts.net, amounts.tax)
            for draft, amounts in zip(expected.lines, expected.totals.lines, strict=True)
        ]
        assert invoice.total == sum(ln.net for ln in lines) + sum(ln.tax for ln in lines)
        assert invoice.total == invoice.total.quantize(minor_unit(scenario["currency"]))
        if hand is not None and contract.type not in BLOCKS:
            assert hand == [line for line in priced(lines) if line[0] in WORK]
            event(f"hand and batch compared ({len(hand)} work lines)")
        event(f"saved {contract.type.value}")
    finally:
        session.rollback()
