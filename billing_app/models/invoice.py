from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Field, SQLModel, col

from billing_app.domain.money import ZERO
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.models.types import Exact, UtcDateTime, enum_column, utcnow

NUMBERED_UNLESS_DRAFT = (
    "(status = 'draft' AND number IS NULL AND series IS NULL AND sequence IS NULL)"
    " OR (status <> 'draft' AND number IS NOT NULL AND series IS NOT NULL"
    " AND sequence IS NOT NULL AND sequence > 0)"
)


class Invoice(SQLModel, table=True):
    """Totals are stored (computed from the lines by `domain.totals`) for the list pages."""

    __table_args__ = (
        sa.CheckConstraint(NUMBERED_UNLESS_DRAFT, name="numbered_unless_draft"),
        sa.UniqueConstraint("series", "sequence"),
        # Batch totals per status and currency from the index alone (the batches list).
        sa.Index("ix_invoice_batch_totals", "batch_id", "currency", "status", "total"),
        # The list's default order: by number, Drafts last (services/invoices/listing.py).
        sa.Index("ix_invoice_number_order", sa.text("(sequence IS NULL)"), "series", "sequence",
                 sa.text("id DESC")),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    batch_id: int | None = Field(default=None, foreign_key="invoice_batch.id")
    status: InvoiceStatus = Field(
        default=InvoiceStatus.DRAFT, sa_type=enum_column(InvoiceStatus), index=True
    )
    number: str | None = Field(default=None, max_length=60, unique=True)
    series: str | None = Field(default=None, max_length=20)
    sequence: int | None = None
    currency: str = Field(max_length=3)
    prices_include_tax: bool = Field(default=False)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    issue_date: dt.date | None = None
    due_date: dt.date | None = None
    net_total: Decimal = Field(default=ZERO, sa_type=Exact)
    tax_total: Decimal = Field(default=ZERO, sa_type=Exact)
    total: Decimal = Field(default=ZERO, sa_type=Exact)
    amount_paid: Decimal = Field(default=ZERO, sa_type=Exact)
    notes: str = Field(default="", max_length=2000)
    version: int = Field(default=1)  # bumped on every change; keys idempotent exports
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)
    # indexed: open pages ask for the latest change every second (services/changes.py)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, index=True)


class InvoiceLine(SQLModel, table=True):
    """One line of an invoice; the *_id columns say which work or item it bills."""

    __tablename__ = "invoice_line"

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="invoice.id", ondelete="CASCADE", index=True)
    position: int = Field(default=0)
    kind: LineKind = Field(sa_type=enum_column(LineKind))
    description: str = Field(max_length=1000)
    quantity: Decimal = Field(sa_type=Exact)
    unit_price: Decimal = Field(sa_type=Exact)
    discount: Decimal = Field(default=ZERO, sa_type=Exact)
    tax_rate: Decimal = Field(default=ZERO, sa_type=Exact)
    net: Decimal = Field(default=ZERO, sa_type=Exact)
    tax: Decimal = Field(default=ZERO, sa_type=Exact)
    contract_id: int | None = Field(default=None, foreign_key="contract.id")
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    time_entry_id: int | None = Field(default=None, foreign_key="time_entry.id")
    expense_id: int | None = Field(default=None, foreign_key="expense.id")
    product_id: int | None = Field(default=None, foreign_key="product.id")
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class BilledSource(SQLModel, table=True):
    """The lock on one billable source (invariant 2).

    `source_key` (see `domain.work.source_key`) is unique: a ticket, time entry,
    expense or contract-period fee is on at most one live invoice, whatever two
    concurrent batches try. Deleting the invoice deletes the lock.
    """

    __tablename__ = "billed_source"

    id: int | None = Field(default=None, primary_key=True)
    source_key: str = Field(max_length=80, unique=True)
    invoice_id: int = Field(foreign_key="invoice.id", ondelete="CASCADE", index=True)
    invoice_line_id: int | None = Field(
        default=None, foreign_key="invoice_line.id", ondelete="CASCADE", index=True
    )


def unbilled(source_id: Mapped[int | None], kind: LineKind) -> sa.ColumnElement[bool]:
    """SQL for "no live invoice holds this source": the key built as `source_key` builds it."""
    key = sa.literal(f"{kind.value}:").concat(sa.cast(source_id, sa.String))
    return ~sa.exists().where(col(BilledSource.source_key) == key)
