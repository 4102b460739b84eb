"""Billable work: tickets and the sources an invoice line can bill."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class TicketStatus(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def billable(self) -> bool:
        """Only Resolved and Closed tickets go into a batch."""
        return self in (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class LineKind(StrEnum):
    CONTRACT_FEE = "contract_fee"
    TICKET = "ticket"
    TIME_ENTRY = "time_entry"
    EXPENSE = "expense"
    PRODUCT = "product"
    CUSTOM = "custom"


def source_key(kind: str, source_id: int, period_start: dt.date | None = None) -> str:
    """The key that locks one billable source to one live invoice (invariant 2).

    `kind` is a LineKind or a finer source kind (a contract's unit line, a milestone);
    contract fees are keyed by their period too.
    """
    key = f"{kind}:{source_id}"
    return f"{key}:{period_start.isoformat()}" if period_start else key
