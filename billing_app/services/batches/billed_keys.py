"""What of a run a live invoice holds already: the run leaves it out instead of offering it
twice (a second preview of a billed month offers only what is left)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from billing_app.domain.contract_periods import fee_periods
from billing_app.domain.time_lines import TimeWork
from billing_app.domain.work import LineKind, source_key
from billing_app.models import BilledSource, Contract
from billing_app.services.batches.contract_inputs import Terms

KEYS_PER_QUERY = 500


def billed_keys(session: Session, keys: list[str]) -> frozenset[str]:
    """Which of these sources a live invoice holds (asked in chunks: a month of a thousand
    customers has tens of thousands of keys)."""
    found: set[str] = set()
    for first in range(0, len(keys), KEYS_PER_QUERY):
        chunk = keys[first : first + KEYS_PER_QUERY]
        found.update(
            session.exec(
                select(BilledSource.source_key).where(col(BilledSource.source_key).in_(chunk))
            )
        )
    return frozenset(found)


def once_only_keys(
    contracts: list[Contract], start: dt.date, end: dt.date, terms: Terms,
    time: dict[int, list[TimeWork]],
) -> list[str]:  # fmt: skip
    """The keys of what a run could bill once only: period fees, unit lines, milestones, one-off
    prices, tickets billed as one line."""
    keys: list[str] = []
    for c in contracts:
        assert c.id is not None
        periods = [p for p, _ in fee_periods(start, end, c.frequency, c.timing)]
        keys += [source_key(LineKind.CONTRACT_FEE, c.id, p) for p in periods]
        keys += [source_key("unit_line", u.id, p) for u in terms.units[c.id] for p in periods]
        keys += [source_key("milestone", m.id) for m in terms.milestones[c.id]]
        keys += [source_key(kind, c.id) for kind in ("block_money", "project_fee")]
        keys += [source_key(LineKind.TICKET, t) for t in {w.ticket_id for w in time[c.id]} if t]
    return keys
