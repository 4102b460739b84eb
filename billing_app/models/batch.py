from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.models.types import UtcDateTime, utcnow


class InvoiceBatch(SQLModel, table=True):
    """The invoices of one billing period, generated together."""

    __tablename__ = "invoice_batch"
    __table_args__ = (sa.CheckConstraint("period_end >= period_start", name="period_order"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    period_start: dt.date
    period_end: dt.date
    created_by: str = Field(default="", max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
