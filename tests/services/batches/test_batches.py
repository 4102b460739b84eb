import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import func, select

from billing_app.domain.contracts import ContractType, RoundingScope
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import TicketStatus
from billing_app.models import (
    AccountSettings,
    BilledSource,
    Expense,
    Invoice,
    InvoiceBatch,
    InvoiceLine,
)
from billing_app.services.batches.delete import delete_batch
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.preview import ExceptionKind, preview_batch
from billing_app.services.batches.save import save_batch
from billing_app.services.expenses import expense_input, update_expense
from billing_app.services.invoices.status import set_status
from billing_app.services.tickets import set_ticket_status
from billing_app.services.time_entries import time_entry_input, update_time_entry
from tests import factories

D = Decimal
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
ALL = RunFilters()


def changed_entry(session, actor, entry_id):
    return dataclasses.replace(time_entry_input(session, actor, entry_id), duration="10")


def changed_expense(session, actor, expense_id, amount):
    return dataclasses.replace(expense_input(session, actor, expense_id), amount=amount)


@pytest.fixture
def clerk(session):
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT"))  # fmt: skip
    return factories.actor(factories.user(session, Role.BILLING))


@pytest.fixture
def hourly(session):
    """Acme on an hourly contract: a closed ticket with 45 + 45 + 5 minutes in October."""
    acme = factories.customer(session, name="Acme", billing_emails="ap@acme.example")
    contract = factories.contract(session, acme, rounding_increment_minutes=60,
                                  rounding_scope=RoundingScope.TICKET)  # fmt: skip
    ticket = factories.ticket(session, acme, contract_id=contract.id, status=TicketStatus.CLOSED)
    entries = [factories.time_entry(session, ticket, duration_minutes=m) for m in (45, 45, 5)]
    session.commit()
    return acme, contract, ticket, entries


def test_preview_bills_each_contract_with_its_totals(session, clerk, hourly):
    preview = preview_batch(session, clerk, *OCT, ALL)
    (invoice,) = preview.invoices
    (line,) = invoice.lines
    assert (line.quantity, line.unit_price) == (D(2), D(65))
    assert (invoice.totals.net, invoice.totals.tax, invoice.totals.total) == (
        D("130.00"), D("28.60"), D("158.60"))  # fmt: skip
    assert preview.exceptions == []


def test_preview_lists_what_needs_attention(session, clerk, hourly):
    acme, contract, _, _ = hourly
    open_ticket = factories.ticket(session, acme, contract_id=contract.id, subject="VPN drops")
    factories.time_entry(session, open_ticket, duration_minutes=30)
    stray = factories.ticket(session, acme, status=TicketStatus.CLOSED)  # no contract
    factories.time_entry(session, stray, duration_minutes=20)
    mute = factories.customer(session, name="No Mail Ltd")
    retainer = factories.contract(session, mute, type=ContractType.RETAINER, fee=D(100))
    assert retainer.id
    session.commit()
    kinds = {(e.kind, e.target) for e in preview_batch(session, clerk, *OCT, ALL).exceptions}
    assert kinds == {
        (ExceptionKind.OPEN_TICKET, "ticket"),
        (ExceptionKind.NO_CONTRACT, "time_entry"),
        (ExceptionKind.NO_BILLING_EMAIL, "customer"),
    }


def test_filters_choose_customers_and_contract_types(session, clerk, hourly):
    other = factories.customer(session, name="Other", billing_emails="x@other.example")
    factories.contract(session, other, type=ContractType.RETAINER, fee=D(100))
    session.commit()
    only_retainers = RunFilters(contract_types=frozenset({ContractType.RETAINER}))
    assert [i.customer for i in preview_batch(session, clerk, *OCT, only_retainers).invoices] == [
        "Other"
    ]
    only_acme = RunFilters(customer_ids=frozenset({hourly[0].id}))
    assert [i.customer for i in preview_batch(session, clerk, *OCT, only_acme).invoices] == ["Acme"]


def test_saving_creates_drafts_and_locks_the_work_in_one_go(session, clerk, hourly):
    saved = save_batch(session, clerk, "October 2026", *OCT, ALL)
    session.commit()
    invoice = session.get(Invoice, saved.invoice_ids[0])
    assert (invoice.status, invoice.number, invoice.total) == (
        InvoiceStatus.DRAFT,
        None,
        D("158.60"),
    )
    assert session.exec(select(func.count()).select_from(InvoiceLine)).one() == 1
    keys = set(session.exec(select(BilledSource.source_key)))
    assert keys == {f"ticket:{hourly[2].id}"} | {f"time_entry:{e.id}" for e in hourly[3]}
    with pytest.raises(BillingError) as again:
        save_batch(session, clerk, "October again", *OCT, ALL)
    assert again.value.code == "nothing_to_bill"


def test_billed_time_cannot_be_changed_and_the_message_names_the_batch(session, clerk, hourly):
    save_batch(session, clerk, "October 2026", *OCT, ALL)
    session.commit()
    with pytest.raises(BillingError) as error:
        update_time_entry(
            session, clerk, hourly[3][0].id, changed_entry(session, clerk, hourly[3][0].id)
        )
    assert error.value.code == "work_locked"
    assert "invoice batch 'October 2026'" in error.value.message


@pytest.mark.parametrize(("name", "code"), [("  ", "invalid_batch_name"),
                                            ("Taken", "duplicate_batch_name")])  # fmt: skip
def test_bad_batch_names_are_refused_and_nothing_is_saved(session, clerk, hourly, name, code):
    factories.add(session, InvoiceBatch(name="Taken", period_start=OCT[0], period_end=OCT[1]))
    session.commit()
    with pytest.raises(BillingError) as error:
        save_batch(session, clerk, name, *OCT, ALL)
    assert error.value.code == code
    session.rollback()
    assert session.exec(select(func.count()).select_from(Invoice)).one() == 0


def test_a_period_ending_before_it_starts_is_refused(session, clerk, hourly):
    with pytest.raises(BillingError) as error:
        preview_batch(session, clerk, OCT[1], OCT[0], ALL)
    assert error.value.code == "period_reversed"


def test_deleting_an_all_draft_batch_unlocks_its_work(session, clerk, hourly):
    saved = save_batch(session, clerk, "October 2026", *OCT, ALL)
    session.commit()
    assert delete_batch(session, clerk, saved.batch_id) == 1
    session.commit()
    assert session.exec(select(BilledSource)).all() == []
    assert len(preview_batch(session, clerk, *OCT, ALL).invoices) == 1
    update_time_entry(
        session, clerk, hourly[3][0].id, changed_entry(session, clerk, hourly[3][0].id)
    )


def test_a_batch_with_an_issued_invoice_cannot_be_deleted(session, clerk, hourly):
    saved = save_batch(session, clerk, "October 2026", *OCT, ALL)
    number = set_status(session, clerk, saved.invoice_ids[0], InvoiceStatus.SENT).number
    session.commit()
    with pytest.raises(BillingError) as error:
        delete_batch(session, clerk, saved.batch_id)
    assert error.value.code == "batch_has_issued_invoices"
    assert f"invoice {number} (Sent) already left Draft" in error.value.message
    session.rollback()
    assert session.get(InvoiceBatch, saved.batch_id) is not None


def test_read_only_users_preview_but_do_not_save(session, clerk, hourly):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY, email="v@example.com"))
    session.commit()
    assert preview_batch(session, viewer, *OCT, ALL).invoices
    with pytest.raises(BillingError) as error:
        save_batch(session, viewer, "October", *OCT, ALL)
    assert error.value.code == "forbidden"


def test_a_billed_ticket_cannot_be_reopened_until_its_batch_is_deleted(session, clerk, hourly):
    ticket = hourly[2]
    saved = save_batch(session, clerk, "October 2026", *OCT, ALL)
    session.commit()
    with pytest.raises(BillingError) as error:
        set_ticket_status(session, clerk, ticket.id, TicketStatus.OPEN)
    assert error.value.code == "work_locked"
    assert "Ticket #" in error.value.message and "'October 2026'" in error.value.message
    set_ticket_status(session, clerk, ticket.id, TicketStatus.RESOLVED)  # still billable: fine
    delete_batch(session, clerk, saved.batch_id)
    assert set_ticket_status(session, clerk, ticket.id, TicketStatus.OPEN).status == "open"


def test_a_billed_expense_cannot_be_changed(session, clerk, hourly):
    acme, contract = hourly[0], hourly[1]
    expense = factories.add(
        session,
        Expense(
            customer_id=acme.id,
            contract_id=contract.id,
            spent_on=OCT[0],
            description="Cable",
            amount=D(10),
        ),
    )
    session.commit()
    with pytest.raises(BillingError) as bad:
        update_expense(
            session, clerk, expense.id, changed_expense(session, clerk, expense.id, "-1")
        )
    assert "more than zero" in bad.value.fields["amount"]
    session.rollback()
    save_batch(session, clerk, "October 2026", *OCT, ALL)
    session.commit()
    with pytest.raises(BillingError) as error:
        update_expense(
            session, clerk, expense.id, changed_expense(session, clerk, expense.id, "12")
        )
    assert error.value.code == "work_locked"


def test_a_technician_cannot_change_another_technicians_expense(session, clerk, hourly):
    owner = factories.user(session, Role.TECHNICIAN, email="owner@example.com")
    other = factories.actor(factories.user(session, Role.TECHNICIAN, email="other@example.com"))
    expense = factories.add(
        session,
        Expense(
            customer_id=hourly[0].id,
            spent_on=OCT[0],
            description="Parking",
            amount=D(5),
            user_id=owner.id,
        ),
    )
    session.commit()
    with pytest.raises(BillingError) as error:
        update_expense(session, other, expense.id, expense_input(session, other, expense.id))
    assert error.value.code == "forbidden"
    assert (
        update_expense(
            session,
            factories.actor(owner),
            expense.id,
            dataclasses.replace(
                expense_input(session, factories.actor(owner), expense.id),
                description="Parking (2 h)",
            ),
        ).description
        == "Parking (2 h)"
    )
