from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from billing_app.domain.work import TicketStatus
from billing_app.models.types import UtcDateTime, enum_column, utcnow


class Ticket(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    subject: str = Field(max_length=300)
    status: TicketStatus = Field(
        default=TicketStatus.OPEN, sa_type=enum_column(TicketStatus), index=True
    )
    technician: str = Field(default="", max_length=120)
    opened_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    resolved_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
