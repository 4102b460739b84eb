import dataclasses
import datetime as dt

import pytest
from sqlmodel import func, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind, source_key
from billing_app.models import AuditEvent, BilledSource, Customer, InvoiceBatch, TimeEntry
from billing_app.services.time_entries import (
    TimeEntryInput,
    create_time_entry,
    time_entry_input,
    update_time_entry,
)
from tests import factories


@pytest.fixture
def people(session):
    giulia = factories.user(
        session, Role.TECHNICIAN, email="giulia@example.com", name="Giulia Conti"
    )
    marco = factories.user(session, Role.TECHNICIAN, email="marco@example.com", name="Marco")
    clerk = factories.user(session, Role.BILLING, email="clerk@example.com")
    viewer = factories.user(session, Role.READ_ONLY, email="viewer@example.com")
    acme = factories.customer(session)
    entry = factories.time_entry(session, factories.ticket(session, acme), user_id=giulia.id)
    session.commit()
    users = {"giulia": giulia, "marco": marco, "clerk": clerk, "viewer": viewer}
    return {name: factories.actor(user) for name, user in users.items()}, entry


def logged(entry_ticket: int, **fields: str) -> TimeEntryInput:
    values = {
        "customer": "Acme S.r.l.",
        "started_on": "2026-10-06",
        "started_time": "14:30",
        "duration": "1:30",
        "ticket": str(entry_ticket),
    } | fields
    return TimeEntryInput(**values)


def count(session) -> int:
    return session.exec(select(func.count()).select_from(TimeEntry)).one()


def test_a_technician_logs_time_as_themselves_whatever_name_they_type(session, people):
    actors, entry = people
    new_id = create_time_entry(
        session, actors["giulia"], logged(entry.ticket_id, technician="Marco", billable="no")
    )
    saved = session.get(TimeEntry, new_id)
    assert (saved.duration_minutes, saved.technician, saved.user_id) == (
        90,
        "Giulia Conti",
        actors["giulia"].user_id,
    )
    assert saved.started_at == dt.datetime(2026, 10, 6, 14, 30, tzinfo=dt.UTC)
    assert (saved.billable, saved.contract_id) == (False, entry.contract_id)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "time_entry_created")).one()
    assert event.entity_id == new_id


def test_billing_staff_log_time_for_a_named_technician(session, people):
    actors, entry = people
    new_id = create_time_entry(
        session, actors["clerk"], logged(entry.ticket_id, technician="giulia conti")
    )
    assert session.get(TimeEntry, new_id).user_id == actors["giulia"].user_id


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"duration": "0"}, "duration", "between 1 and 1440 minutes"),
        ({"duration": "1.5h"}, "duration", "hours:minutes (1:30)"),
        ({"duration": "25:00"}, "duration", "not possible"),
        ({"customer": "Nobody Ltd"}, "customer", "No customer is called 'Nobody Ltd'"),
        ({"started_on": "06/10/2026"}, "started_on", "YYYY-MM-DD"),
        ({"started_time": "25:10"}, "started_time", "HH:MM"),
        ({"ticket": "9999"}, "ticket", "There is no ticket #9999"),
        ({"ticket": ""}, "ticket", "ticket number or the contract"),
        ({"billable": "perhaps"}, "billable", "yes or no"),
        ({"contract": "Gold"}, "contract", "no contract called 'Gold'"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(session, people, fields, field, says):
    actors, entry = people
    with pytest.raises(FieldErrors) as error:
        create_time_entry(session, actors["giulia"], logged(entry.ticket_id, **fields))
    assert says in error.value.fields[field]
    session.rollback()
    assert count(session) == 1


def test_a_ticket_of_another_customer_is_refused(session, people):
    actors, _ = people
    other = factories.ticket(session, factories.customer(session, name="Beta"))
    with pytest.raises(FieldErrors) as error:
        create_time_entry(session, actors["giulia"], logged(other.id))
    assert error.value.fields["ticket"] == (
        f"Ticket #{other.id} is for another customer, not Acme S.r.l.; check the number."
    )


def test_read_only_users_cannot_log_time(session, people):
    actors, entry = people
    with pytest.raises(BillingError) as error:
        create_time_entry(session, actors["viewer"], logged(entry.ticket_id))
    assert error.value.code == "forbidden"


def test_a_technician_changes_their_own_entry_and_it_is_audited(session, people):
    actors, entry = people
    data = dataclasses.replace(time_entry_input(session, actors["giulia"], entry.id), duration="50")
    update_time_entry(session, actors["giulia"], entry.id, data)
    assert session.get(TimeEntry, entry.id).duration_minutes == 50
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "time_entry_changed")).one()
    assert (event.actor, event.from_value, event.to_value) == (
        "giulia@example.com",
        "45 min",
        "50 min",
    )


def test_the_edit_dialog_shows_an_entry_the_way_it_reads_it_back(session, people):
    actors, entry = people
    shown = time_entry_input(session, actors["giulia"], entry.id)
    assert (shown.duration, shown.started_on, shown.started_time, shown.billable) == (
        "0:45",
        "2026-10-05",
        "09:00",
        "yes",
    )
    update_time_entry(session, actors["giulia"], entry.id, shown)
    assert session.get(TimeEntry, entry.id).duration_minutes == 45


def test_an_edit_goes_through_the_same_check(session, people):
    actors, entry = people
    data = dataclasses.replace(time_entry_input(session, actors["giulia"], entry.id), duration="0")
    with pytest.raises(FieldErrors) as error:
        update_time_entry(session, actors["giulia"], entry.id, data)
    assert "duration" in error.value.fields
    session.rollback()
    assert session.get(TimeEntry, entry.id).duration_minutes == 45


def test_a_technician_cannot_change_another_technicians_entry(session, people):
    actors, entry = people
    data = dataclasses.replace(time_entry_input(session, actors["marco"], entry.id), notes="mine")
    with pytest.raises(BillingError) as error:
        update_time_entry(session, actors["marco"], entry.id, data)
    assert error.value.code == "forbidden"
    session.rollback()
    assert session.get(TimeEntry, entry.id).notes == ""
    refused = session.exec(select(AuditEvent).where(AuditEvent.action == "refused")).one()
    assert refused.actor == "marco@example.com"


def test_billing_staff_may_correct_anyones_entry_but_read_only_may_not(session, people):
    actors, entry = people
    data = dataclasses.replace(time_entry_input(session, actors["clerk"], entry.id), billable="no")
    update_time_entry(session, actors["clerk"], entry.id, data)
    session.commit()  # each use-case is its own transaction, as in the app
    assert session.get(TimeEntry, entry.id).user_id == actors["giulia"].user_id
    with pytest.raises(BillingError) as error:
        update_time_entry(session, actors["viewer"], entry.id, data)
    assert error.value.code == "forbidden"


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
    data = dataclasses.replace(time_entry_input(session, actors["giulia"], entry.id), duration="60")
    with pytest.raises(BillingError) as error:
        update_time_entry(session, actors["giulia"], entry.id, data)
    assert error.value.code == "work_locked"
    assert "invoice batch 'October 2026'" in error.value.message
