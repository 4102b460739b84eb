from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.models.types import Exact, UtcDateTime


class TimeEntry(SQLModel, table=True):
    """Work by a technician. `duration_minutes` is the actual time and is never rounded:
    billable time is derived from it by the contract's rules."""

    __tablename__ = "time_entry"
    __table_args__ = (
        sa.CheckConstraint("duration_minutes > 0", name="positive_duration"),
        sa.CheckConstraint(
            "ticket_id IS NOT NULL OR contract_id IS NOT NULL", name="on_ticket_or_contract"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    user_id: int | None = Field(
        default=None, foreign_key="app_user.id", index=True
    )  # who logged it
    technician: str = Field(max_length=120)
    started_at: dt.datetime = Field(sa_type=UtcDateTime, index=True)
    duration_minutes: int
    billable: bool = Field(default=True)
    work_type: str = Field(default="Remote support", max_length=60)
    notes: str = Field(default="", max_length=2000)
    rate_override: Decimal | None = Field(default=None, sa_type=Exact)
