import dataclasses
import datetime as dt

import pytest
from sqlmodel import func, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind, TicketStatus, source_key
from billing_app.models import AuditEvent, BilledSource, Ticket
from billing_app.services.tickets import TicketInput, create_ticket, ticket_input, update_ticket
from tests import factories


@pytest.fixture
def setting(session):
    tech = factories.actor(
        factories.user(session, Role.TECHNICIAN, email="t@example.com", name="Giulia Conti")
    )
    acme = factories.customer(session)
    factories.contract(session, acme, name="Hourly support")
    factories.contract(session, factories.customer(session, name="Beta"), name="Beta care")
    session.commit()
    return tech, acme


def opened(**fields: str) -> TicketInput:
    values = {
        "customer": "Acme S.r.l.",
        "subject": "Printer offline",
        "contract": "Hourly support",
        "opened_on": "2026-10-03",
    } | fields
    return TicketInput(**values)


def test_a_new_ticket_is_open_under_the_named_contract_and_audited(session, setting):
    tech, acme = setting
    saved = session.get(Ticket, create_ticket(session, tech, opened()))
    assert (saved.customer_id, saved.status, saved.technician) == (
        acme.id,
        TicketStatus.OPEN,
        "Giulia Conti",
    )
    assert saved.contract_id is not None
    assert saved.opened_at == dt.datetime(2026, 10, 3, tzinfo=dt.UTC)
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "ticket_created")).one()


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"subject": " "}, "subject", "Write what the ticket is about."),
        ({"customer": "Nobody"}, "customer", "No customer is called 'Nobody'"),
        ({"contract": "Beta care"}, "contract", "has no contract called 'Beta care'"),
        ({"status": "Done"}, "status", "use one of Open, Pending, Resolved, Closed"),
        ({"opened_on": "3 Oct"}, "opened_on", "YYYY-MM-DD"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(session, setting, fields, field, says):
    tech, _ = setting
    with pytest.raises(FieldErrors) as error:
        create_ticket(session, tech, opened(**fields))
    assert says in error.value.fields[field]
    session.rollback()
    assert session.exec(select(func.count()).select_from(Ticket)).one() == 0


def test_editing_a_ticket_keeps_its_opening_time_and_resolving_it_stamps_it(session, setting):
    tech, _ = setting
    ticket_id = create_ticket(session, tech, opened())
    shown = ticket_input(session, tech, ticket_id)
    assert (shown.status, shown.contract, shown.opened_on) == (
        "Open",
        "Hourly support",
        "2026-10-03",
    )
    update_ticket(
        session,
        tech,
        ticket_id,
        dataclasses.replace(shown, subject="Printer jammed", status="Resolved"),
    )
    saved = session.get(Ticket, ticket_id)
    assert (saved.subject, saved.status) == ("Printer jammed", TicketStatus.RESOLVED)
    assert saved.resolved_at is not None
    assert saved.opened_at == dt.datetime(2026, 10, 3, tzinfo=dt.UTC)


def test_a_billed_ticket_cannot_be_edited(session, setting):
    tech, acme = setting
    ticket_id = create_ticket(session, tech, opened(status="Closed"))
    draft = factories.invoice(session, acme)
    factories.add(
        session,
        BilledSource(source_key=source_key(LineKind.TICKET, ticket_id), invoice_id=draft.id),
    )
    with pytest.raises(BillingError) as error:
        update_ticket(session, tech, ticket_id, opened(subject="Changed"))
    assert error.value.code == "work_locked"
    assert f"draft invoice #{draft.id}" in error.value.message


def test_read_only_users_cannot_open_tickets(session, setting):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY, email="v@example.com"))
    session.commit()
    with pytest.raises(BillingError) as error:
        create_ticket(session, viewer, opened())
    assert error.value.code == "forbidden"


def test_a_ticket_with_time_logged_cannot_move_to_another_customer(session, setting):
    tech, _ = setting
    ticket_id = create_ticket(session, tech, opened())
    factories.time_entry(session, session.get(Ticket, ticket_id))
    with pytest.raises(FieldErrors) as error:
        update_ticket(session, tech, ticket_id, opened(customer="Beta", contract=""))
    assert "open a new ticket for the other customer" in error.value.fields["customer"]
