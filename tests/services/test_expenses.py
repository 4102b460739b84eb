import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import func, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind, source_key
from billing_app.models import AccountSettings, AuditEvent, BilledSource, Expense, InvoiceBatch
from billing_app.services.expenses import (
    ExpenseInput,
    create_expense,
    expense_input,
    update_expense,
)
from tests import factories


@pytest.fixture
def setting(session):
    factories.add(
        session, AccountSettings(legal_name="MSP", country="IT", currency="EUR", locale="it_IT")
    )
    tech = factories.actor(factories.user(session, Role.TECHNICIAN, email="t@example.com"))
    acme = factories.customer(session)
    ticket = factories.ticket(session, acme)
    session.commit()
    return tech, acme, ticket


def spent(**fields: str) -> ExpenseInput:
    values = {
        "customer": "Acme S.r.l.",
        "spent_on": "2026-10-07",
        "description": "Parking",
        "amount": "12.50",
    } | fields
    return ExpenseInput(**values)


def count(session) -> int:
    return session.exec(select(func.count()).select_from(Expense)).one()


@pytest.mark.parametrize("typed", ["1234.50", "1.234,50", "1234,5", "€ 1.234,50"])
def test_an_amount_is_read_plain_or_in_the_account_locale(session, setting, typed):
    tech, _, ticket = setting
    expense_id = create_expense(session, tech, spent(amount=typed, ticket=str(ticket.id)))
    saved = session.get(Expense, expense_id)
    assert (saved.amount, saved.user_id, saved.ticket_id) == (
        Decimal("1234.50"),
        tech.user_id,
        ticket.id,
    )
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "expense_created")).one()


def test_markup_and_billable_are_read_too(session, setting):
    tech, _, _ = setting
    saved = session.get(
        Expense, create_expense(session, tech, spent(markup_percent="12,5", billable="no"))
    )
    assert (saved.markup_percent, saved.billable) == (Decimal("12.5"), False)


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"amount": "-5"}, "amount", "enter more than zero"),
        ({"amount": "0"}, "amount", "enter more than zero"),
        ({"amount": "abc"}, "amount", "'abc' is not an amount; write it like 1234.50."),
        ({"amount": "12,345"}, "amount", "more decimals than EUR allows"),
        ({"amount": ""}, "amount", "Enter the amount"),
        ({"description": "  "}, "description", "Describe the expense"),
        ({"customer": "Nobody"}, "customer", "No customer is called 'Nobody'"),
        ({"spent_on": "yesterday"}, "spent_on", "YYYY-MM-DD"),
        ({"markup_percent": "2000"}, "markup_percent", "out of range"),
        ({"markup_percent": "lots"}, "markup_percent", "not a number"),
        ({"ticket": "abc"}, "ticket", "There is no ticket #abc"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(session, setting, fields, field, says):
    tech, _, _ = setting
    with pytest.raises(FieldErrors) as error:
        create_expense(session, tech, spent(**fields))
    assert says in error.value.fields[field]
    session.rollback()
    assert count(session) == 0


def test_every_wrong_field_is_named_at_once(session, setting):
    tech, _, _ = setting
    with pytest.raises(FieldErrors) as error:
        create_expense(session, tech, spent(amount="x", description="", spent_on="x"))
    assert set(error.value.fields) == {"amount", "description", "spent_on"}


def test_a_ticket_of_another_customer_is_refused(session, setting):
    tech, _, _ = setting
    other = factories.ticket(session, factories.customer(session, name="Beta"))
    with pytest.raises(FieldErrors) as error:
        create_expense(session, tech, spent(ticket=str(other.id)))
    assert "another customer" in error.value.fields["ticket"]


def test_an_edit_goes_through_the_same_check_and_is_audited(session, setting):
    tech, _, _ = setting
    expense_id = create_expense(session, tech, spent())
    shown = expense_input(session, tech, expense_id)
    assert (shown.amount, shown.markup_percent, shown.billable) == ("12.50", "0", "yes")
    with pytest.raises(FieldErrors):
        update_expense(session, tech, expense_id, dataclasses.replace(shown, amount="-1"))
    update_expense(session, tech, expense_id, dataclasses.replace(shown, amount="15"))
    assert session.get(Expense, expense_id).amount == Decimal(15)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "expense_changed")).one()
    assert (event.from_value, event.to_value) == ("12.50", "15.00")


def test_a_billed_expense_is_refused_with_the_batch_name(session, setting):
    tech, acme, _ = setting
    expense_id = create_expense(session, tech, spent())
    batch = factories.add(
        session,
        InvoiceBatch(
            name="October 2026", period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 10, 31)
        ),
    )
    draft = factories.invoice(session, acme, batch_id=batch.id)
    factories.add(
        session,
        BilledSource(source_key=source_key(LineKind.EXPENSE, expense_id), invoice_id=draft.id),
    )
    with pytest.raises(BillingError) as error:
        update_expense(session, tech, expense_id, expense_input(session, tech, expense_id))
    assert error.value.code == "work_locked"
    assert "invoice batch 'October 2026'" in error.value.message
