import datetime as dt

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind, source_key
from billing_app.models import AuditEvent, BilledSource, Customer, InvoiceBatch, TimeEntry
from billing_app.services.time_entries import TimeEntryChanges, update_time_entry
from tests import factories


@pytest.fixture
def people(session):
    giulia = factories.user(session, Role.TECHNICIAN, email="giulia@example.com")
    marco = factories.user(session, Role.TECHNICIAN, email="marco@example.com")
    clerk = factories.user(session, Role.BILLING, email="clerk@example.com")
    viewer = factories.user(session, Role.READ_ONLY, email="viewer@example.com")
    acme = factories.customer(session)
    entry = factories.time_entry(session, factories.ticket(session, acme), user_id=giulia.id)
    session.commit()
    users = {"giulia": giulia, "marco": marco, "clerk": clerk, "viewer": viewer}
    return {name: factories.actor(user) for name, user in users.items()}, entry


def test_a_technician_changes_their_own_entry_and_it_is_audited(session, people):
    actors, entry = people
    update_time_entry(session, actors["giulia"], entry.id, TimeEntryChanges(duration_minutes=50))
    assert session.get(TimeEntry, entry.id).duration_minutes == 50
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "time_entry_changed")).one()
    assert (event.actor, event.from_value, event.to_value) == (
        "giulia@example.com",
        "45 min",
        "50 min",
    )


def test_a_technician_cannot_change_another_technicians_entry(session, people):
    actors, entry = people
    with pytest.raises(BillingError) as error:
        update_time_entry(session, actors["marco"], entry.id, TimeEntryChanges(notes="mine now"))
    assert error.value.code == "forbidden"
    session.rollback()
    assert session.get(TimeEntry, entry.id).notes == ""
    refused = session.exec(select(AuditEvent).where(AuditEvent.action == "refused")).one()
    assert refused.actor == "marco@example.com"


def test_billing_staff_may_correct_anyones_entry_but_read_only_may_not(session, people):
    actors, entry = people
    update_time_entry(session, actors["clerk"], entry.id, TimeEntryChanges(billable=False))
    session.commit()  # each use-case is its own transaction, as in the app
    with pytest.raises(BillingError) as error:
        update_time_entry(session, actors["viewer"], entry.id, TimeEntryChanges(billable=True))
    assert error.value.code == "forbidden"


@pytest.mark.parametrize("minutes", [0, -15, 24 * 60 + 1])
def test_impossible_durations_are_refused(session, people, minutes):
    actors, entry = people
    with pytest.raises(BillingError) as error:
        update_time_entry(session, actors["giulia"], entry.id, TimeEntryChanges(minutes))
    assert error.value.code == "invalid_duration"
    session.rollback()
    assert session.get(TimeEntry, entry.id).duration_minutes == 45


def test_a_billed_entry_cannot_be_changed_and_the_message_names_the_batch(session, people):
    actors, entry = people
    october = InvoiceBatch(
        name="October 2026", period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 10, 31)
    )
    batch = factories.add(session, october)
    draft = factories.invoice(session, session.get(Customer, entry.customer_id), batch_id=batch.id)
    factories.add(
        session,
        BilledSource(source_key=source_key(LineKind.TIME_ENTRY, entry.id), invoice_id=draft.id),
    )
    with pytest.raises(BillingError) as error:
        update_time_entry(
            session, actors["giulia"], entry.id, TimeEntryChanges(duration_minutes=60)
        )
    assert error.value.code == "work_locked"
    assert "invoice batch 'October 2026'" in error.value.message
