"""Gapless invoice numbers: the next value of a series, taken in the issuing transaction.

The counter row is bumped with one UPDATE ... RETURNING, which locks it until the
transaction ends; a rollback gives the number back, so issued numbers never skip
(a database sequence would).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from billing_app.domain.numbering import format_number, series_key
from billing_app.models import AccountSettings, NumberCounter

COUNTER = NumberCounter.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class InvoiceNumber:
    series: str
    sequence: int
    number: str


def _ensure_counter(session: Session, series: str) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(COUNTER).values(series=series, next_value=1).on_conflict_do_nothing())


def take_next_number(session: Session, account: AccountSettings, on: dt.date) -> InvoiceNumber:
    series = series_key(year=on.year, reset_yearly=account.number_reset_yearly)
    _ensure_counter(session, series)
    sequence = session.execute(
        sa.update(COUNTER)
        .where(COUNTER.c.series == series)
        .values(next_value=COUNTER.c.next_value + 1)
        .returning(COUNTER.c.next_value - 1)
    ).scalar_one()
    number = format_number(account.number_format, year=on.year, sequence=sequence)
    return InvoiceNumber(series=series, sequence=sequence, number=number)


def peek_next_sequence(session: Session, series: str) -> int:
    """The sequence the next invoice of `series` would get; reads only, takes nothing."""
    taken = session.execute(
        sa.select(COUNTER.c.next_value).where(COUNTER.c.series == series)
    ).scalar_one_or_none()
    return taken or 1
