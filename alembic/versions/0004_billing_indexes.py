"""Indexes for the Billing page at 100,000 invoices (bench/billing_page.py)

The batches list sums totals per batch, status and currency: a covering index answers it
without reading the invoices (it also serves every lookup by batch_id, so the old
single-column index goes). The live-update check asks for the latest `updated_at` once a
second per open page: indexed, that is one index lookup instead of a scan.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 05:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_batch_id"))
        batch_op.create_index(
            "ix_invoice_batch_totals",
            ["batch_id", "currency", "status", "total"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_invoice_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_updated_at"))
        batch_op.drop_index("ix_invoice_batch_totals")
        batch_op.create_index(batch_op.f("ix_invoice_batch_id"), ["batch_id"], unique=False)
