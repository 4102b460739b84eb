import datetime as dt
from decimal import Decimal as D

import pytest

from billing_app.domain.contracts import ContractType
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind
from billing_app.models import Expense, TimeEntry
from billing_app.services.invoices.add_work import add_work_lines
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.unbilled_work import unbilled_work_of
from tests import factories


@pytest.fixture
def acme_draft(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    acme = factories.customer(session, name="Acme")
    contract = factories.contract(session, acme)
    ticket = factories.ticket(session, acme, contract_id=contract.id)
    return clerk, acme, ticket, create_flexible_invoice(session, clerk, acme.id)


def test_only_the_customers_billable_unbilled_work_is_offered(session, acme_draft):
    clerk, acme, ticket, invoice_id = acme_draft
    wanted = factories.time_entry(session, ticket, duration_minutes=45)
    factories.time_entry(session, ticket, billable=False)
    other_ticket = factories.ticket(session, factories.customer(session, name="Other"))
    factories.time_entry(session, other_ticket)
    cable = Expense(
        customer_id=acme.id, spent_on=dt.date(2026, 10, 3), description="Cable", amount=D("12.5")
    )
    spent = factories.add(session, cable)
    billed = factories.time_entry(session, ticket)
    add_work_lines(session, clerk, invoice_id, time_entry_ids=[billed.id])

    items = unbilled_work_of(session, clerk, invoice_id)

    assert [(i.kind, i.id) for i in items] == [
        (LineKind.TIME_ENTRY, wanted.id), (LineKind.EXPENSE, spent.id)]  # fmt: skip
    assert items[0].minutes == 45 and items[1].amount == D("12.50")
    assert items[0].blocked == ""


def test_time_without_a_contract_is_offered_with_the_reason_it_cannot_be_added(session, acme_draft):
    clerk, acme, _, invoice_id = acme_draft
    stray = factories.ticket(session, acme)  # no contract, and the entry names none either
    loose = factories.time_entry(session, stray, duration_minutes=30)
    (item,) = [i for i in unbilled_work_of(session, clerk, invoice_id) if i.id == loose.id]
    assert "custom line" in item.blocked


def test_time_on_a_ticket_under_contract_is_offered_like_a_batch_would_bill_it(session, acme_draft):
    clerk, acme, ticket, invoice_id = acme_draft
    started = dt.datetime(2026, 10, 2, tzinfo=dt.UTC)
    entry = factories.add(session, TimeEntry(customer_id=acme.id, ticket_id=ticket.id,
                                             technician="Giulia", duration_minutes=30,
                                             started_at=started))  # fmt: skip
    (item,) = [i for i in unbilled_work_of(session, clerk, invoice_id) if i.id == entry.id]
    assert item.blocked == ""


def test_work_under_a_prepaid_block_is_offered_for_a_batch_only(session, acme_draft):
    clerk, acme, _, invoice_id = acme_draft
    block = factories.contract(session, acme, type=ContractType.BLOCK_MONEY, name="Prepaid",
                               block_amount=D(1000))  # fmt: skip
    ticket = factories.ticket(session, acme, contract_id=block.id)
    entry = factories.time_entry(session, ticket)
    expense = factories.add(session, Expense(customer_id=acme.id, contract_id=block.id,
                                             spent_on=dt.date(2026, 10, 3), description="Cable",
                                             amount=D(10)))  # fmt: skip
    items = {(i.kind, i.id): i.blocked for i in unbilled_work_of(session, clerk, invoice_id)}
    assert (
        items[(LineKind.TIME_ENTRY, entry.id)] == "Draws down a prepaid block: bill it in a batch."
    )
    assert items[(LineKind.EXPENSE, expense.id)] == items[(LineKind.TIME_ENTRY, entry.id)]


def test_a_technician_cannot_see_a_customers_unbilled_work(session, acme_draft):
    *_, invoice_id = acme_draft
    technician = factories.actor(factories.user(session, Role.TECHNICIAN))
    session.commit()  # the refusal is audited in a transaction of its own
    with pytest.raises(BillingError):
        unbilled_work_of(session, technician, invoice_id)


def test_an_unknown_invoice_is_explained(session, acme_draft):
    clerk, *_ = acme_draft
    with pytest.raises(BillingError, match="does not exist"):
        unbilled_work_of(session, clerk, 999_999)
