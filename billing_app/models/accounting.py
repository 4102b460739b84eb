from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.accounting import (
    ConnectionStatus,
    CreditDocument,
    ExportedDocument,
    ExportResult,
    Provider,
)
from billing_app.models.types import UtcDateTime, enum_column, utcnow


class AccountingConnection(SQLModel, table=True):
    """Xero or QuickBooks Online. Tokens are stored encrypted, never in clear."""

    __tablename__ = "accounting_connection"

    id: int | None = Field(default=None, primary_key=True)
    provider: Provider = Field(sa_type=enum_column(Provider), unique=True)
    status: ConnectionStatus = Field(
        default=ConnectionStatus.DISCONNECTED, sa_type=enum_column(ConnectionStatus)
    )
    tenant_id: str | None = Field(default=None, max_length=64)
    tenant_name: str | None = Field(default=None, max_length=200)
    access_token_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    refresh_token_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    token_expires_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    mappings: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    auto_export: bool = Field(default=False)
    connected_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    oauth_state: str | None = Field(default=None, max_length=128)  # the Connect in flight
    oauth_state_expires_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_error: str = Field(default="", sa_type=sa.Text)  # why it needs a Reconnect
    # Xero organisations the consent covered, [{"id", "name"}]: the admin picks one
    tenant_choices: list[dict[str, str]] = Field(default_factory=list, sa_type=sa.JSON)
    # the last payment sync: when it was claimed/finished, and its one-line summary
    payments_synced_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
    payments_sync_summary: str = Field(default="", sa_type=sa.Text)
    # the OAuth app registered with the provider, when no environment variable sets it
    client_id: str = Field(default="", max_length=200)
    client_secret_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    redirect_uri: str = Field(default="", max_length=500)  # empty: the default callback


class ExportRecord(SQLModel, table=True):
    """One attempt to push one invoice (or its refund's credit note) to a provider: the
    export log."""

    __tablename__ = "export_record"

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    provider: Provider = Field(sa_type=enum_column(Provider))
    attempted_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    result: ExportResult = Field(sa_type=enum_column(ExportResult))
    document: ExportedDocument = Field(
        default=ExportedDocument.INVOICE, sa_type=enum_column(ExportedDocument)
    )
    invoice_version: int
    idempotency_key: str = Field(max_length=64)
    external_id: str | None = Field(default=None, max_length=64)
    error: str = Field(default="", sa_type=sa.Text)


class InvoiceExport(SQLModel, table=True):
    """Where an invoice lives in a provider: written in the same transaction as its status."""

    __tablename__ = "invoice_export"
    __table_args__ = (sa.UniqueConstraint("invoice_id", "provider"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    provider: Provider = Field(sa_type=enum_column(Provider))
    external_id: str = Field(max_length=64)
    exported_version: int
    exported_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class CreditNoteExport(SQLModel, table=True):
    """Where a refund lives in a provider. Written without `external_id` before the first
    write to the provider (the document chosen is then fixed for every retry), and completed
    in the same transaction as the export log row of the success."""

    __tablename__ = "credit_note_export"
    __table_args__ = (sa.UniqueConstraint("payment_id", "provider"),)

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payment.id", index=True)  # the refund
    invoice_id: int = Field(foreign_key="invoice.id", index=True)
    provider: Provider = Field(sa_type=enum_column(Provider))
    document: CreditDocument = Field(sa_type=enum_column(CreditDocument))
    external_id: str | None = Field(default=None, max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    exported_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)
