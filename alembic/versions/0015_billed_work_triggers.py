"""Billed work is locked in the database too: triggers refuse plain SQL that changes or deletes
a time entry, expense or ticket held by a `billed_source` row

The services already refuse (services/work_changes.py, services/tickets.py); these triggers
also stop a race with a batch being saved and a hand-written UPDATE. Guarded, on billed rows:

- time_entry (key `time_entry:<id>`): UPDATE of id, customer_id, ticket_id, contract_id,
  started_at, duration_minutes, billable, work_type or rate_override; DELETE.
  Free: technician, user_id, notes (the invoice line keeps its own text).
- expense (key `expense:<id>`): UPDATE of id, customer_id, ticket_id, contract_id, spent_on,
  description, amount, markup_percent or billable; DELETE. Free: user_id.
- ticket (billed when `ticket:<id>` or `time_entry:<id>` of one of its entries is): UPDATE of
  id, customer_id or contract_id, a status change to 'open' or 'pending' (reopening); DELETE.
  Free: subject, technician, opened_at, resolved_at, Resolved <-> Closed.

Deleting the invoice (or its batch) cascades to its `billed_source` rows, which frees the work.
An UPDATE that writes the same values is allowed. SQLite's RAISE takes a fixed sentence, so
only PostgreSQL names the row. On SQLite a later `batch_alter_table` that recreates one of
these tables drops its triggers: such a migration must create them again.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-10 10:00:00.000000
"""

from collections.abc import Sequence
from typing import NamedTuple

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _billed(key: str) -> str:
    """SQL: a `billed_source` row holds the key (an SQL expression on OLD)."""
    return f"EXISTS (SELECT 1 FROM billed_source WHERE source_key = {key})"


class Guard(NamedTuple):
    table: str
    columns: tuple[str, ...]  # an UPDATE changing one of these is refused
    billed: str  # SQL on OLD: the row is billed
    sentence: str  # the refusal; PostgreSQL puts the row's id at %, SQLite leaves it out
    refused: str | None = None  # SQL on OLD and NEW: a further refused UPDATE


ADVICE = "is billed on an invoice; remove it from the draft or delete its batch first"
TICKET_BILLED = (  # the ticket as one line, or any of its time entries
    "(" + _billed("'ticket:' || OLD.id") + " OR EXISTS (SELECT 1 FROM time_entry AS entry "
    "JOIN billed_source ON billed_source.source_key = 'time_entry:' || entry.id "
    "WHERE entry.ticket_id = OLD.id))"
)
REOPENED = "NEW.status <> OLD.status AND NEW.status IN ('open', 'pending')"
GUARDS = (
    Guard(
        "time_entry",
        ("id", "customer_id", "ticket_id", "contract_id", "started_at", "duration_minutes",
         "billable", "work_type", "rate_override"),
        _billed("'time_entry:' || OLD.id"),
        f"time entry % {ADVICE}",
    ),
    Guard(
        "expense",
        ("id", "customer_id", "ticket_id", "contract_id", "spent_on", "description", "amount",
         "markup_percent", "billable"),
        _billed("'expense:' || OLD.id"),
        f"expense % {ADVICE}",
    ),
    Guard(
        "ticket",
        ("id", "customer_id", "contract_id"),
        TICKET_BILLED,
        "ticket % or its time is billed on an invoice, so it cannot be reopened, moved or "
        "deleted; remove it from the draft or delete its batch first",
        REOPENED,
    ),
)  # fmt: skip


def _changed(guard: Guard, distinct: str) -> str:
    changes = [f"OLD.{column} {distinct} NEW.{column}" for column in guard.columns]
    if guard.refused:
        changes.append(f"({guard.refused})")
    return " OR ".join(changes)


def _sqlite_create(guard: Guard) -> list[str]:
    raised = f"SELECT RAISE(ABORT, '{guard.sentence.replace(' %', '')}')"
    return [
        f"CREATE TRIGGER {guard.table}_billed_update BEFORE UPDATE ON {guard.table} "
        f"FOR EACH ROW WHEN ({_changed(guard, 'IS NOT')}) AND {guard.billed} "
        f"BEGIN {raised}; END",
        f"CREATE TRIGGER {guard.table}_billed_delete BEFORE DELETE ON {guard.table} "
        f"FOR EACH ROW WHEN {guard.billed} BEGIN {raised}; END",
    ]


def _postgresql_create(guard: Guard) -> list[str]:
    function = f"{guard.table}_billed_guard"
    return [
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"    IF {guard.billed} THEN\n"
        f"        RAISE EXCEPTION '{guard.sentence}', OLD.id\n"
        "            USING ERRCODE = 'integrity_constraint_violation';\n"
        "    END IF;\n"
        "    RETURN COALESCE(NEW, OLD);\n"
        "END\n"
        "$$",
        f"CREATE TRIGGER {guard.table}_billed_update BEFORE UPDATE ON {guard.table} "
        f"FOR EACH ROW WHEN ({_changed(guard, 'IS DISTINCT FROM')}) "
        f"EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {guard.table}_billed_delete BEFORE DELETE ON {guard.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]


def _drop(guard: Guard, dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {guard.table}_billed_update ON {guard.table}",
            f"DROP TRIGGER IF EXISTS {guard.table}_billed_delete ON {guard.table}",
            f"DROP FUNCTION IF EXISTS {guard.table}_billed_guard()",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {guard.table}_billed_update",
        f"DROP TRIGGER IF EXISTS {guard.table}_billed_delete",
    ]


def upgrade() -> None:
    create = _postgresql_create if op.get_bind().dialect.name == "postgresql" else _sqlite_create
    for guard in GUARDS:
        for statement in create(guard):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for guard in GUARDS:
        for statement in _drop(guard, dialect):
            op.execute(statement)
