"""Billed work is locked by the database itself (migration 0015): plain SQL cannot change
what was billed of a time entry, expense or ticket, nor delete it, while an invoice holds it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from billing_app.domain.work import LineKind, TicketStatus, source_key
from billing_app.migrations import alembic_config, upgrade
from billing_app.models import (
    BilledSource,
    Contract,
    Customer,
    Expense,
    Invoice,
    Ticket,
    TimeEntry,
    metadata,
)
from tests import factories


@dataclass
class Work:
    acme: Customer
    other_customer: Customer
    contract: Contract
    other_contract: Contract
    ticket: Ticket
    other_ticket: Ticket
    entry: TimeEntry
    expense: Expense
    invoice: Invoice


def lock(session: Session, invoice: Invoice, kind: LineKind, source_id: int | None) -> None:
    assert source_id is not None
    factories.add(
        session, BilledSource(source_key=source_key(kind, source_id), invoice_id=invoice.id)
    )


def some_work(session: Session) -> Work:
    """A resolved ticket with a time entry and an expense, none billed yet."""
    acme = factories.customer(session)
    other_customer = factories.customer(session, name="Globex S.p.A.")
    contract = factories.contract(session, acme)
    other_contract = factories.contract(session, acme, name="Second contract")
    ticket = factories.ticket(session, acme, contract_id=contract.id, status=TicketStatus.RESOLVED)
    other_ticket = factories.ticket(session, acme, subject="Mail down")
    entry = factories.time_entry(session, ticket, notes="Replaced the toner")
    expense = factories.add(
        session,
        Expense(
            customer_id=acme.id,
            ticket_id=ticket.id,
            contract_id=contract.id,
            spent_on=dt.date(2026, 10, 5),
            description="Toner cartridge",
            amount=Decimal("80.00"),
            markup_percent=Decimal(10),
        ),
    )
    invoice = factories.invoice(session, acme)
    return Work(
        acme, other_customer, contract, other_contract, ticket, other_ticket, entry, expense,
        invoice,
    )  # fmt: skip


@pytest.fixture
def work(session: Session) -> Work:
    """`some_work` with the time entry and the expense on the Draft invoice."""
    found = some_work(session)
    lock(session, found.invoice, LineKind.TIME_ENTRY, found.entry.id)
    lock(session, found.invoice, LineKind.EXPENSE, found.expense.id)
    session.commit()
    return found


def run(session: Session, sql: str, column: str | None = None, **params: Any) -> None:
    """Plain SQL; `:value` is bound with the type of `column` of the updated table."""
    statement = sa.text(sql)
    if column is not None:
        table = sql.split()[1]
        statement = statement.bindparams(
            sa.bindparam("value", type_=metadata.tables[table].c[column].type)
        )
    session.execute(statement, params)
    session.flush()


def refusal(session: Session, sql: str, column: str | None = None, **params: Any) -> str:
    """The database's refusal of plain SQL, in words; the session stays usable."""
    with pytest.raises(DBAPIError) as raised, session.begin_nested():
        run(session, sql, column, **params)
    return str(raised.value.orig)


def one(session: Session, sql: str, **params: Any) -> Any:
    return session.execute(sa.text(sql), params).scalar_one()


# A new value for each column that says what was billed (the rest may change freely).
Value = Callable[[Work], Any]
TIME_ENTRY_CHANGES: list[tuple[str, Value]] = [
    ("duration_minutes", lambda w: 10),
    ("started_at", lambda w: dt.datetime(2026, 10, 6, 14, 0, tzinfo=dt.UTC)),
    ("billable", lambda w: False),
    ("work_type", lambda w: "On site"),
    ("rate_override", lambda w: Decimal("120.00")),
    ("customer_id", lambda w: w.other_customer.id),
    ("ticket_id", lambda w: w.other_ticket.id),
    ("contract_id", lambda w: w.other_contract.id),
]
EXPENSE_CHANGES: list[tuple[str, Value]] = [
    ("amount", lambda w: Decimal("8.00")),
    ("markup_percent", lambda w: Decimal(0)),
    ("billable", lambda w: False),
    ("spent_on", lambda w: dt.date(2026, 10, 6)),
    ("description", lambda w: "Two toner cartridges"),
    ("customer_id", lambda w: w.other_customer.id),
    ("ticket_id", lambda w: w.other_ticket.id),
    ("contract_id", lambda w: w.other_contract.id),
]


def test_plain_sql_cannot_change_the_duration_of_a_billed_time_entry(session, work):
    message = refusal(
        session, "UPDATE time_entry SET duration_minutes = 10 WHERE id = :id", id=work.entry.id
    )
    assert "time entry" in message
    assert "billed on an invoice" in message
    if session.get_bind().dialect.name == "postgresql":
        assert f"time entry {work.entry.id} is billed" in message
    assert (
        one(session, "SELECT duration_minutes FROM time_entry WHERE id = :id", id=work.entry.id)
        == 45
    )


@pytest.mark.parametrize(
    ("column", "value"), TIME_ENTRY_CHANGES, ids=[c for c, _ in TIME_ENTRY_CHANGES]
)
def test_plain_sql_cannot_change_what_was_billed_of_a_time_entry(session, work, column, value):
    sql = f"UPDATE time_entry SET {column} = :value WHERE id = :id"
    message = refusal(session, sql, column, value=value(work), id=work.entry.id)
    assert "billed on an invoice" in message


def test_plain_sql_cannot_delete_a_billed_time_entry(session, work):
    message = refusal(session, "DELETE FROM time_entry WHERE id = :id", id=work.entry.id)
    assert "billed on an invoice" in message
    assert one(session, "SELECT count(*) FROM time_entry") == 1


def test_notes_technician_and_user_of_a_billed_time_entry_can_still_change(session, work):
    user = factories.user(session)
    run(
        session,
        "UPDATE time_entry SET notes = 'Toner replaced, tested', technician = 'Marco Bassi', "
        "user_id = :user WHERE id = :id",
        user=user.id,
        id=work.entry.id,
    )
    session.commit()
    assert one(session, "SELECT technician FROM time_entry WHERE id = :id", id=work.entry.id) == (
        "Marco Bassi"
    )


def test_writing_the_same_values_to_billed_work_is_allowed(session, work):
    run(session, "UPDATE time_entry SET duration_minutes = duration_minutes, billable = billable")
    run(session, "UPDATE expense SET amount = amount")
    run(session, "UPDATE ticket SET status = status, customer_id = customer_id")
    session.commit()


def test_the_orm_cannot_change_a_billed_time_entry_either(session, work):
    work.entry.duration_minutes = 90
    with pytest.raises(DBAPIError, match="billed on an invoice"):
        session.flush()


def test_plain_sql_cannot_change_the_amount_of_a_billed_expense(session, work):
    message = refusal(
        session, "UPDATE expense SET amount = amount * 2 WHERE id = :id", id=work.expense.id
    )
    assert "expense" in message
    assert "billed on an invoice" in message


@pytest.mark.parametrize(("column", "value"), EXPENSE_CHANGES, ids=[c for c, _ in EXPENSE_CHANGES])
def test_plain_sql_cannot_change_what_was_billed_of_an_expense(session, work, column, value):
    sql = f"UPDATE expense SET {column} = :value WHERE id = :id"
    message = refusal(session, sql, column, value=value(work), id=work.expense.id)
    assert "billed on an invoice" in message


def test_plain_sql_cannot_delete_a_billed_expense(session, work):
    message = refusal(session, "DELETE FROM expense WHERE id = :id", id=work.expense.id)
    assert "expense" in message
    assert one(session, "SELECT count(*) FROM expense") == 1


def test_the_owner_of_a_billed_expense_can_still_change(session, work):
    user = factories.user(session)
    run(
        session,
        "UPDATE expense SET user_id = :user WHERE id = :id",
        user=user.id,
        id=work.expense.id,
    )
    session.commit()


@pytest.mark.parametrize("status", ["open", "pending"])
def test_plain_sql_cannot_reopen_a_ticket_whose_time_is_billed(session, work, status):
    sql = "UPDATE ticket SET status = :status WHERE id = :id"
    message = refusal(session, sql, status=status, id=work.ticket.id)
    assert "ticket" in message
    assert "reopened" in message
    assert one(session, "SELECT status FROM ticket WHERE id = :id", id=work.ticket.id) == "resolved"


def test_plain_sql_cannot_reopen_a_ticket_billed_as_one_line(session):
    found = some_work(session)
    lock(session, found.invoice, LineKind.TICKET, found.other_ticket.id)
    run(session, "UPDATE ticket SET status = 'closed' WHERE id = :id", id=found.other_ticket.id)
    session.commit()
    message = refusal(
        session, "UPDATE ticket SET status = 'open' WHERE id = :id", id=found.other_ticket.id
    )
    assert "reopened" in message


@pytest.mark.parametrize(
    ("column", "value"),
    [("customer_id", lambda w: w.other_customer.id), ("contract_id", lambda w: w.other_contract.id),
     ("contract_id", lambda w: None)],
    ids=["customer", "contract", "no contract"],
)  # fmt: skip
def test_plain_sql_cannot_move_a_ticket_whose_time_is_billed(session, work, column, value):
    sql = f"UPDATE ticket SET {column} = :value WHERE id = :id"
    message = refusal(session, sql, column, value=value(work), id=work.ticket.id)
    assert "billed on an invoice" in message


def test_plain_sql_cannot_delete_a_billed_ticket(session):
    found = some_work(session)
    lock(session, found.invoice, LineKind.TICKET, found.other_ticket.id)
    session.commit()
    message = refusal(session, "DELETE FROM ticket WHERE id = :id", id=found.other_ticket.id)
    assert "deleted" in message
    assert one(session, "SELECT count(*) FROM ticket WHERE id = :id", id=found.other_ticket.id) == 1


def test_a_ticket_whose_time_is_billed_can_still_be_closed_and_renamed(session, work):
    run(
        session,
        "UPDATE ticket SET status = 'closed', subject = 'Printer offline (fixed)', "
        "technician = 'Marco Bassi' WHERE id = :id",
        id=work.ticket.id,
    )
    run(session, "UPDATE ticket SET status = 'resolved' WHERE id = :id", id=work.ticket.id)
    session.commit()
    assert one(session, "SELECT status FROM ticket WHERE id = :id", id=work.ticket.id) == "resolved"


def test_unbilled_work_can_still_be_changed_by_plain_sql(session):
    found = some_work(session)
    session.commit()
    run(session, "UPDATE time_entry SET duration_minutes = 10, billable = :no", no=False)
    run(
        session,
        "UPDATE expense SET amount = amount * 2, customer_id = :other",
        other=found.other_customer.id,
    )
    run(session, "UPDATE ticket SET status = 'open', contract_id = NULL")
    run(session, "DELETE FROM time_entry")
    run(session, "DELETE FROM expense")
    run(session, "DELETE FROM ticket")
    session.commit()
    assert one(session, "SELECT count(*) FROM ticket") == 0


def test_work_is_locked_by_its_own_key_only(session):
    """Time entry 1 and expense 1 stay free when `time_entry:11`, `expense:10`, `ticket:1`
    and a contract fee of contract 1 are billed."""
    found = some_work(session)
    assert found.entry.id == found.expense.id == found.ticket.id == found.contract.id == 1
    for key in ("time_entry:11", "expense:10", "ticket:1", "contract_fee:1:2026-10-01"):
        factories.add(session, BilledSource(source_key=key, invoice_id=found.invoice.id))
    session.commit()
    run(session, "UPDATE expense SET amount = amount * 2, ticket_id = NULL")
    run(session, "UPDATE time_entry SET duration_minutes = 10, ticket_id = :other", other=2)
    run(session, "DELETE FROM time_entry")
    session.commit()
    assert one(session, "SELECT count(*) FROM time_entry") == 0


def test_deleting_the_invoice_frees_the_work_for_plain_sql_again(session, work):
    refusal(session, "DELETE FROM time_entry WHERE id = :id", id=work.entry.id)
    session.commit()
    run(session, "DELETE FROM invoice WHERE id = :id", id=work.invoice.id)
    assert one(session, "SELECT count(*) FROM billed_source") == 0
    run(session, "UPDATE time_entry SET duration_minutes = 10")
    run(session, "UPDATE expense SET amount = amount * 2")
    run(session, "UPDATE ticket SET status = 'open'")
    run(session, "DELETE FROM time_entry")
    run(session, "DELETE FROM expense")
    session.commit()
    assert one(session, "SELECT count(*) FROM time_entry") == 0


def trigger_names(engine: Engine) -> set[str]:
    listing = (
        "SELECT tgname FROM pg_trigger WHERE tgname LIKE '%billed%'"
        if engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    )
    with engine.connect() as connection:
        return set(connection.execute(sa.text(listing)).scalars())


def test_downgrading_to_0014_drops_the_triggers_and_upgrading_creates_them_again(engine):
    made = {f"{table}_billed_{op}" for table in ("time_entry", "expense", "ticket")
            for op in ("update", "delete")}  # fmt: skip
    assert trigger_names(engine) == made
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0014")
    assert trigger_names(engine) == set()
    upgrade(engine)  # the PostgreSQL test database is shared by the whole run
    assert trigger_names(engine) == made
