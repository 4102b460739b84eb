from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.models.types import Exact, UtcDateTime, enum_column, utcnow


class Payment(SQLModel, table=True):
    """A payment received or a refund paid out, for one invoice. Amounts are positive."""

    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="positive_amount"),
        sa.UniqueConstraint("source", "external_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    kind: PaymentKind = Field(default=PaymentKind.PAYMENT, sa_type=enum_column(PaymentKind))
    received_on: dt.date
    amount: Decimal = Field(sa_type=Exact)
    method: str = Field(default="", max_length=60)
    reference: str = Field(default="", max_length=200)
    source: PaymentSource = Field(default=PaymentSource.MANUAL, sa_type=enum_column(PaymentSource))
    external_id: str | None = Field(default=None, max_length=64)
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
