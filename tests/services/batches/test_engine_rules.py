"""The billing engine prices the same work the same way on every path (issue 14), with the
figures worked out by hand in each test."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from billing_app.domain.contract_form import ContractForm
from billing_app.domain.contracts import ContractType, RoundingScope
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import TicketStatus
from billing_app.models import AccountSettings, ContractFee, Expense, Invoice, InvoiceLine
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.listing import batch_summary
from billing_app.services.batches.preview import ExceptionKind, preview_batch
from billing_app.services.batches.save import save_batch
from billing_app.services.contracts import save_contract
from billing_app.services.invoices.add_work import add_work_lines
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.status import set_status
from billing_app.services.tickets import set_ticket_status
from tests import factories

D = Decimal
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
ALL = RunFilters()


@pytest.fixture
def account(session):
    return factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                                  locale="it_IT"))  # fmt: skip


@pytest.fixture
def clerk(session, account):
    return factories.actor(factories.user(session, Role.BILLING))


@pytest.fixture
def acme(session):
    return factories.customer(session, name="Acme", billing_emails="ap@acme.example")


def stored_lines(session, invoice_id):
    return session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)
                        .order_by(InvoiceLine.position)).all()  # fmt: skip


def saved_invoice(session, clerk, name="November 2026"):
    saved = save_batch(session, clerk, name, *NOV, ALL)
    session.commit()
    (invoice_id,) = saved.invoice_ids
    return session.get(Invoice, invoice_id)


def test_a_prorated_fee_that_does_not_divide_evenly_is_rounded_once_and_saves(session, clerk, acme):
    factories.contract(session, acme, type=ContractType.RETAINER, name="Managed services",
                       fee=D(1000), hourly_rate=None, start_date=dt.date(2026, 11, 12))  # fmt: skip
    (preview,) = preview_batch(session, clerk, *NOV, ALL).invoices
    (fee,) = preview.lines
    # 19 of 30 days: 1000 x 19 / 30 = 633.333... → 633.33; VAT 22% = 139.3326 → 139.33
    assert fee.unit_price == D("633.33")
    assert (preview.totals.net, preview.totals.tax, preview.totals.total) == (
        D("633.33"), D("139.33"), D("772.66"))  # fmt: skip
    invoice = saved_invoice(session, clerk)
    assert (invoice.net_total, invoice.tax_total, invoice.total) == (
        D("633.33"), D("139.33"), D("772.66"))  # fmt: skip
    assert stored_lines(session, invoice.id)[0].unit_price == D("633.33")


def test_block_hours_starting_mid_month_grant_half_the_hours_for_half_the_price(
    session, clerk, acme
):
    block = factories.contract(
        session, acme, type=ContractType.BLOCK_HOURS, name="Block",
        start_date=dt.date(2026, 11, 16), block_hours=D(10), block_price=D(600),
        overage_rate=D(80), hourly_rate=None,
    )  # fmt: skip
    ticket = factories.ticket(session, acme, contract_id=block.id, status=TicketStatus.CLOSED)
    factories.time_entry(session, ticket, duration_minutes=7 * 60,
                         started_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))  # fmt: skip
    (preview,) = preview_batch(session, clerk, *NOV, ALL).invoices
    fee, used, beyond = preview.lines
    # 15 of 30 days: 600 → 300.00 for 10 h → 5 h; 7 h used → 2 h beyond at 80 = 160.00
    assert (fee.unit_price, "(prorated)" in fee.description) == (D("300.00"), True)
    assert (used.quantity, used.unit_price) == (D(7), D(0))
    assert (beyond.quantity, beyond.unit_price) == (D(2), D(80))
    assert preview.totals.net == D("460.00")
    assert preview.balance == D(0)
    assert "5,00 h available" in preview.note


def test_a_block_of_money_is_bought_whole_even_when_the_contract_starts_mid_month(
    session, clerk, acme
):
    factories.contract(session, acme, type=ContractType.BLOCK_MONEY, name="Prepaid",
                       start_date=dt.date(2026, 11, 16), block_amount=D(2000))  # fmt: skip
    (preview,) = preview_batch(session, clerk, *NOV, ALL).invoices
    (prepaid,) = preview.lines
    assert prepaid.unit_price == D(2000)
    assert preview.balance == D(2000)


def test_batches_honour_tax_inclusive_prices(session, clerk, acme, account):
    account.prices_include_tax = True
    factories.contract(session, acme, type=ContractType.RETAINER, name="Managed services",
                       fee=D(1500), hourly_rate=None)  # fmt: skip
    (preview,) = preview_batch(session, clerk, *NOV, ALL).invoices
    # 1500 includes 22% VAT: tax = 1500 x 22 / 122 = 270.4918 → 270.49, net 1229.51
    assert (preview.totals.net, preview.totals.tax, preview.totals.total) == (
        D("1229.51"), D("270.49"), D("1500.00"))  # fmt: skip
    invoice = saved_invoice(session, clerk)
    assert invoice.prices_include_tax is True
    assert (invoice.net_total, invoice.tax_total, invoice.total) == (
        D("1229.51"), D("270.49"), D("1500.00"))  # fmt: skip


@pytest.fixture
def ticket_work(session, acme):
    """An hourly contract rounding per ticket to the half hour at 90/h: a closed ticket with
    50 + 50 + 50 minutes and an expense of 100.00 with 10% markup."""
    contract = factories.contract(session, acme, hourly_rate=D(90), rounding_increment_minutes=30,
                                  rounding_scope=RoundingScope.TICKET)  # fmt: skip
    ticket = factories.ticket(session, acme, contract_id=contract.id, status=TicketStatus.CLOSED)
    entries = [
        factories.time_entry(session, ticket, duration_minutes=50,
                             started_at=dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC))
        for day in (3, 4, 5)
    ]  # fmt: skip
    expense = factories.add(session, Expense(
        customer_id=acme.id, ticket_id=ticket.id, spent_on=dt.date(2026, 11, 5),
        description="Switch", amount=D(100), markup_percent=D(10)))  # fmt: skip
    session.commit()
    return contract, ticket, entries, expense


def comparable(lines):
    return [(ln.kind, ln.description, ln.quantity, ln.unit_price, ln.tax_rate, ln.net, ln.tax)
            for ln in lines]  # fmt: skip


def test_work_added_by_hand_is_priced_exactly_as_a_batch_prices_it(
    session, clerk, acme, ticket_work
):
    _, ticket, entries, expense = ticket_work
    draft = create_flexible_invoice(session, clerk, acme.id)
    added = add_work_lines(session, clerk, draft, time_entry_ids=[e.id for e in entries],
                           expense_ids=[expense.id])  # fmt: skip
    by_hand = comparable(stored_lines(session, draft))
    session.rollback()
    in_batch = comparable(stored_lines(session, saved_invoice(session, clerk).id))
    assert added == 2
    assert by_hand == in_batch
    time, switch = in_batch
    # one unit per ticket: 50 + 50 + 50 = 150 min in 30-min steps = 2.5 h x 90 = 225.00
    # (rounded per entry it would be 3 x 60 min = 270.00)
    assert (time[0], time[2], time[3], time[5], time[6]) == (
        "ticket", D("2.5"), D(90), D("225.00"), D("49.50"))  # fmt: skip
    # 100.00 + 10% markup = 110.00, at the contract's 22%: 24.20
    assert (switch[3], switch[4], switch[6]) == (D("110.00"), D(22), D("24.20"))
    assert switch[1] == "2026-11-05 · Switch"
    assert ticket.id is not None


def test_block_work_cannot_be_added_by_hand(session, clerk, acme):
    block = factories.contract(session, acme, type=ContractType.BLOCK_HOURS, name="Block",
                               block_hours=D(10), block_price=D(600), overage_rate=D(80),
                               hourly_rate=None)  # fmt: skip
    ticket = factories.ticket(session, acme, contract_id=block.id, status=TicketStatus.CLOSED)
    entry = factories.time_entry(session, ticket)
    draft = create_flexible_invoice(session, clerk, acme.id)
    with pytest.raises(BillingError) as refused:
        add_work_lines(session, clerk, draft, time_entry_ids=[entry.id])
    assert refused.value.code == "block_work_by_hand"
    assert "bill it in a batch" in refused.value.message


def form(customer_id, fee):
    return ContractForm(customer_id=customer_id, name="Managed services", type="retainer",
                        start_date="2026-01-01", tax_rate="22", fee=fee)  # fmt: skip


def test_a_fee_raised_mid_month_is_prorated_by_days(session, clerk, acme):
    contract_id = save_contract(session, clerk, None, form(acme.id, "1.500,00"),
                                today=dt.date(2026, 1, 1))  # fmt: skip
    save_contract(session, clerk, contract_id, form(acme.id, "1.800,00"),
                  today=dt.date(2026, 11, 16))  # fmt: skip
    history = session.exec(select(ContractFee.effective_from, ContractFee.amount)).all()
    assert history == [(dt.date(2026, 1, 1), D(1500)), (dt.date(2026, 11, 16), D(1800))]
    october = preview_batch(session, clerk, dt.date(2026, 10, 1), dt.date(2026, 10, 31), ALL)
    assert october.invoices[0].lines[0].unit_price == D(1500)
    (november,) = preview_batch(session, clerk, *NOV, ALL).invoices
    (fee,) = november.lines
    # 15 days at 1500, 15 at 1800: (1500 x 15 + 1800 x 15) / 30 = 1650.00
    assert fee.unit_price == D("1650.00")
    assert fee.description == "Managed services – November 2026 (fee changed)"


def test_an_expense_on_an_open_ticket_does_not_list_the_ticket_as_locked(session, clerk, acme):
    contract = factories.contract(session, acme)
    ticket = factories.ticket(session, acme, contract_id=contract.id)  # open
    factories.add(session, Expense(customer_id=acme.id, ticket_id=ticket.id, description="Cable",
                                   spent_on=dt.date(2026, 11, 5), amount=D(10)))  # fmt: skip
    saved = save_batch(session, clerk, "November 2026", *NOV, ALL)
    _, locked = batch_summary(session, clerk, saved.batch_id)
    assert locked == []


@pytest.fixture
def billed_ticket(session, clerk, acme, ticket_work):
    _, ticket, _, _ = ticket_work
    invoice = saved_invoice(session, clerk)
    return ticket, invoice


def test_a_locked_ticket_on_a_draft_says_remove_the_line_or_delete_the_batch(
    session, clerk, billed_ticket
):
    ticket, invoice = billed_ticket
    with pytest.raises(BillingError) as refused:
        set_ticket_status(session, clerk, ticket.id, TicketStatus.OPEN)
    assert refused.value.message == (
        f"Ticket #{ticket.id} is billed on invoice batch 'November 2026' (draft invoice "
        f"#{invoice.id}); remove its line from draft invoice #{invoice.id} or delete that batch "
        "before reopening it."
    )


def test_a_locked_ticket_on_an_issued_invoice_points_to_a_credit_note(
    session, clerk, billed_ticket
):
    ticket, invoice = billed_ticket
    set_status(session, clerk, invoice.id, InvoiceStatus.SENT)
    session.commit()
    with pytest.raises(BillingError) as refused:
        set_ticket_status(session, clerk, ticket.id, TicketStatus.OPEN)
    message = refused.value.message
    assert "delete that batch" not in message and "credit note" in message
    assert f"invoice {session.get(Invoice, invoice.id).number}" in message


def test_a_second_preview_of_a_billed_month_leaves_the_billed_fees_out(session, clerk, acme):
    factories.contract(session, acme, type=ContractType.RETAINER, name="Managed services",
                       fee=D(1500), hourly_rate=None)  # fmt: skip
    saved_invoice(session, clerk)
    again = preview_batch(session, clerk, *NOV, ALL)
    assert again.invoices == []
    (left_out,) = [e for e in again.exceptions if e.kind is ExceptionKind.ALREADY_BILLED]
    assert left_out.message == (
        "Managed services: November 2026 is already on a live invoice, so it is left out."
    )
    with pytest.raises(BillingError) as refused:
        save_batch(session, clerk, "November again", *NOV, ALL)
    assert refused.value.code == "nothing_to_bill"


def test_a_new_contract_after_a_billed_month_is_billed_alone(session, clerk, acme):
    factories.contract(session, acme, type=ContractType.RETAINER, name="Managed services",
                       fee=D(1500), hourly_rate=None)  # fmt: skip
    saved_invoice(session, clerk)
    factories.contract(session, acme, type=ContractType.RETAINER, name="Backup", fee=D(90),
                       hourly_rate=None)  # fmt: skip
    invoice = saved_invoice(session, clerk, "November, late")
    assert [ln.description for ln in stored_lines(session, invoice.id)] == [
        "Backup – November 2026"
    ]


def test_engine_descriptions_are_in_one_language_whatever_the_account_locale(session, clerk, acme):
    factories.contract(session, acme, type=ContractType.RETAINER, name="Managed services",
                       fee=D(1500), hourly_rate=None, start_date=dt.date(2026, 11, 16))  # fmt: skip
    (preview,) = preview_batch(session, clerk, *NOV, ALL).invoices
    assert preview.lines[0].description == "Managed services – November 2026 (prorated)"


def test_a_contract_ending_mid_month_previews_and_saves_the_same_cents(session, clerk, acme):
    factories.contract(session, acme, type=ContractType.RETAINER, fee=D("999.99"),
                       hourly_rate=None, end_date=dt.date(2026, 11, 7))  # fmt: skip
    (preview,) = preview_batch(session, clerk, *NOV, ALL).invoices
    invoice = saved_invoice(session, clerk)
    # 7 of 30 days: 999.99 x 7 / 30 = 233.331 → 233.33; VAT 51.3326 → 51.33
    assert (preview.totals.total, invoice.total) == (D("284.66"), D("284.66"))
