"""Accounting: OAuth state on the connection, where each invoice lives in a provider

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 11:41:33.263602
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invoice_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(
                "xero", "quickbooks", name="provider", native_enum=False, create_constraint=True
            ),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("exported_version", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_export_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_export")),
        sa.UniqueConstraint(
            "invoice_id", "provider", name=op.f("uq_invoice_export_invoice_id_provider")
        ),
    )
    with op.batch_alter_table("invoice_export", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoice_export_invoice_id"), ["invoice_id"], unique=False
        )

    with op.batch_alter_table("accounting_connection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("oauth_state", sa.String(length=128), nullable=True))
        batch_op.add_column(
            sa.Column("oauth_state_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("last_error", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("accounting_connection", schema=None) as batch_op:
        batch_op.drop_column("last_error")
        batch_op.drop_column("oauth_state_expires_at")
        batch_op.drop_column("oauth_state")

    with op.batch_alter_table("invoice_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_export_invoice_id"))

    op.drop_table("invoice_export")
