from decimal import Decimal

import pytest
from sqlmodel import func, select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.work import TicketStatus
from billing_app.models import AccountSettings, AuditEvent, Expense, Ticket, TimeEntry
from billing_app.services.imports.csv_import import import_rows, preview_import, template_csv
from billing_app.services.imports.kinds import ImportKind
from tests import factories


@pytest.fixture
def setting(session):
    factories.add(
        session, AccountSettings(legal_name="MSP", country="IT", currency="EUR", locale="it_IT")
    )
    tech = factories.actor(
        factories.user(session, Role.TECHNICIAN, email="t@example.com", name="Giulia Conti")
    )
    acme = factories.customer(session)
    factories.contract(session, acme, name="Hourly support")
    ticket = factories.ticket(session, acme)
    session.commit()
    return tech, ticket


def count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_good_expenses_are_all_imported_with_one_audit_record(session, setting):
    tech, ticket = setting
    data = (
        "customer,spent_on,description,amount,ticket,markup_percent\n"
        f"Acme S.r.l.,2026-10-06,Cable kit,24.90,{ticket.id},10\n"
        'Acme S.r.l.,2026-10-07,Parking,"1.234,50",,\n'
    ).encode()
    assert preview_import(session, tech, ImportKind.EXPENSES, data).invalid == 0
    assert import_rows(session, tech, ImportKind.EXPENSES, data, "october.csv") == 2
    amounts = session.exec(select(Expense.amount).order_by(Expense.spent_on)).all()
    assert amounts == [Decimal("24.90"), Decimal("1234.50")]
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "csv_imported")).one()
    assert (event.entity, event.to_value, event.details, event.via) == (
        "expenses",
        "2 expenses",
        "october.csv",
        "import",
    )


def test_one_bad_row_is_shown_with_its_column_and_nothing_is_imported(session, setting):
    tech, ticket = setting
    data = (
        "customer,started_on,duration,ticket\n"
        f"Acme S.r.l.,2026-10-06,1:30,{ticket.id}\n"
        f"Acme S.r.l.,2026-10-07,abc,{ticket.id}\n"
        "Nobody,2026-10-08,0,\n"
    ).encode()
    preview = preview_import(session, tech, ImportKind.TIME_ENTRIES, data)
    assert preview.columns == ["customer", "started_on", "duration", "ticket"]
    assert [len(r.errors) for r in preview.rows] == [0, 1, 2]
    assert preview.rows[1].errors == [
        "Row 3, duration: 'abc' is not a duration; write minutes (90) or hours:minutes (1:30)."
    ]
    assert preview.rows[2].errors[0].startswith("Row 4, customer: No customer is called 'Nobody'")
    with pytest.raises(BillingError) as error:
        import_rows(session, tech, ImportKind.TIME_ENTRIES, data)
    assert error.value.code == "invalid_import"
    assert error.value.message.startswith("2 of 3 rows have errors, so nothing was imported")
    session.rollback()
    assert count(session, TimeEntry) == 0
    assert count(session, AuditEvent) == 0


def test_tickets_are_imported_by_the_same_rules_as_the_dialog(session, setting):
    tech, _ = setting
    data = (
        b"customer,subject,contract,status,opened_on\n"
        b"Acme S.r.l.,Mail bounces,Hourly support,Resolved,2026-10-02\n"
        b"Acme S.r.l.,New laptop,,,\n"
    )
    assert import_rows(session, tech, ImportKind.TICKETS, data) == 2
    imported = session.exec(select(Ticket).where(Ticket.subject == "Mail bounces")).one()
    assert (imported.status, imported.technician) == (TicketStatus.RESOLVED, "Giulia Conti")
    assert count(session, Ticket) == 3


def test_an_amount_in_letters_is_named_with_its_row_and_column(session, setting):
    tech, _ = setting
    data = b"customer,spent_on,description,amount\nAcme S.r.l.,2026-10-06,Cable,abc\n"
    assert preview_import(session, tech, ImportKind.EXPENSES, data).rows[0].errors == [
        "Row 2, amount: 'abc' is not an amount; write it like 1234.50."
    ]


def test_a_file_with_a_wrong_header_is_refused_before_any_row(session, setting):
    tech, _ = setting
    with pytest.raises(BillingError) as error:
        preview_import(session, tech, ImportKind.EXPENSES, b"customer,price\nAcme,1\n")
    assert error.value.code == "csv_unknown_column"


def test_read_only_users_cannot_import(session, setting):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY, email="v@example.com"))
    session.commit()
    with pytest.raises(BillingError) as error:
        preview_import(session, viewer, ImportKind.TICKETS, b"customer,subject\nA,B\n")
    assert error.value.code == "forbidden"


@pytest.mark.parametrize("kind", list(ImportKind))
def test_the_template_of_each_kind_previews_with_only_reference_errors(session, setting, kind):
    tech, _ = setting
    preview = preview_import(session, tech, kind, template_csv(kind).encode())
    fields = {e.split(",")[1].split(":")[0].strip() for e in preview.rows[0].errors}
    assert fields <= {"ticket"}  # the sample's ticket #12 does not exist here
