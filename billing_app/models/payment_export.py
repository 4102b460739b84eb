from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.accounting import Provider
from billing_app.models.types import UtcDateTime, enum_column, utcnow


class PaymentExport(SQLModel, table=True):
    """Where a payment recorded here by hand lives in a provider. Written without
    `external_id` and committed before the first write to the provider (a retry sends the
    same idempotency key); completed in the same transaction as the export log row of the
    success, or when the payment sync finds the payment there already."""

    __tablename__ = "payment_export"
    __table_args__ = (sa.UniqueConstraint("payment_id", "provider"),)

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payment.id", index=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    provider: Provider = Field(sa_type=enum_column(Provider))
    external_id: str | None = Field(default=None, max_length=64)  # the provider's payment id
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    exported_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
