import datetime as dt
from decimal import Decimal

import pytest

from billing_app.domain.roles import Role
from billing_app.domain.work import TicketStatus
from billing_app.models import AccountSettings, Expense
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.save import save_batch
from billing_app.services.expense_listing import list_expenses
from billing_app.services.paging import PAGE_SIZE
from billing_app.services.time_entry_listing import list_time_entries
from tests import factories

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


@pytest.fixture
def month(session):
    factories.add(
        session, AccountSettings(legal_name="MSP", country="IT", currency="EUR", locale="it_IT")
    )
    clerk = factories.actor(factories.user(session, Role.BILLING))
    giulia = factories.user(session, Role.TECHNICIAN, email="g@example.com", name="Giulia")
    marco = factories.user(session, Role.TECHNICIAN, email="m@example.com", name="Marco")
    acme = factories.customer(session, name="Acme")
    contract = factories.contract(session, acme)
    closed = factories.ticket(
        session, acme, contract_id=contract.id, status=TicketStatus.CLOSED, subject="Printer"
    )
    billed = factories.time_entry(session, closed, user_id=giulia.id, technician="Giulia")
    open_one = factories.ticket(session, acme, contract_id=contract.id, subject="VPN")
    loose = factories.time_entry(
        session, open_one, user_id=marco.id, technician="Marco", notes="VPN client reinstalled"
    )
    cable = Expense(
        customer_id=acme.id,
        ticket_id=closed.id,
        contract_id=contract.id,
        spent_on=OCT[0],
        description="Cable",
        amount=Decimal("24.90"),
    )
    factories.add(session, cable)
    save_batch(session, clerk, "October 2026", *OCT, RunFilters())
    session.commit()
    people = {"clerk": clerk, "giulia": factories.actor(giulia), "marco": factories.actor(marco)}
    return people, billed, loose, open_one


def test_time_entries_show_the_batch_that_billed_them_and_who_may_still_edit(session, month):
    people, billed, loose, _ = month
    rows = {r.id: r for r in list_time_entries(session, people["giulia"]).rows}
    assert (rows[billed.id].billed_in, rows[billed.id].editable) == ("October 2026", False)
    assert (rows[loose.id].billed_in, rows[loose.id].editable) == (None, False)  # Marco's
    assert {r.id: r.editable for r in list_time_entries(session, people["clerk"]).rows} == {
        billed.id: False,
        loose.id: True,
    }
    assert rows[loose.id].contract == "Hourly support"


def test_time_entries_are_searched_by_technician_notes_customer_or_ticket_number(session, month):
    people, _, loose, open_one = month
    tech = people["giulia"]
    assert [r.id for r in list_time_entries(session, tech, search="marco").rows] == [loose.id]
    assert [r.id for r in list_time_entries(session, tech, search="reinstalled").rows] == [loose.id]
    assert [r.id for r in list_time_entries(session, tech, search=f"#{open_one.id}").rows] == [
        loose.id
    ]
    assert list_time_entries(session, tech, search="nothing-like-it").rows == []


def test_expenses_show_amount_currency_and_lock(session, month):
    people, *_ = month
    page = list_expenses(session, people["clerk"], search="cable")
    row = page.rows[0]
    assert (page.total, row.amount, row.currency, row.billed_in, row.editable) == (
        1,
        Decimal("24.90"),
        "EUR",
        "October 2026",
        False,
    )


def test_a_long_list_comes_a_page_at_a_time(session, month):
    people, *_ = month
    ticket = factories.ticket(session, factories.customer(session, name="Beta"))
    for _ in range(PAGE_SIZE + 3):
        factories.time_entry(session, ticket)
    first = list_time_entries(session, people["clerk"])
    last = list_time_entries(session, people["clerk"], page=9)
    assert (first.total, first.pages, len(first.rows)) == (PAGE_SIZE + 5, 2, PAGE_SIZE)
    assert (last.page, len(last.rows)) == (1, 5)
