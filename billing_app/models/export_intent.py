from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.accounting import Provider
from billing_app.models.types import UtcDateTime, enum_column, utcnow


class ExportIntent(SQLModel, table=True):
    """ "This invoice may be in the provider": committed before the first call that could
    create it there. An intent without an InvoiceExport row means a run stopped between the
    call and its record: the next run looks the invoice up by its number before creating it."""

    __tablename__ = "export_intent"
    __table_args__ = (sa.UniqueConstraint("invoice_id", "provider"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    provider: Provider = Field(sa_type=enum_column(Provider))
    number: str = Field(max_length=60)
    invoice_version: int
    idempotency_key: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
