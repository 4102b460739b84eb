from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.status import Via
from billing_app.models.types import UtcDateTime, enum_column, utcnow


class AuditEvent(SQLModel, table=True):
    """Who changed what, when, from what to what, and how (invariant 6)."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    actor: str = Field(max_length=200, index=True)
    action: str = Field(max_length=60, index=True)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    invoice_id: int | None = Field(
        default=None, foreign_key="invoice.id", ondelete="SET NULL", index=True
    )
    from_value: str = Field(default="", max_length=200)
    to_value: str = Field(default="", max_length=200)
    via: Via = Field(default=Via.MANUAL, sa_type=enum_column(Via))
    details: str = Field(default="", sa_type=sa.Text)
