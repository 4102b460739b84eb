"""Credit notes of refunds pushed to a provider; the export log tells invoices from them

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 10:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True,
                   length=max(map(len, values)))  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "credit_note_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("provider", _enum("provider", "xero", "quickbooks"), nullable=False),
        sa.Column(
            "document",
            _enum("creditdocument", "xero_credit_note", "qbo_credit_memo", "qbo_refund_receipt"),
            nullable=False,
        ),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_credit_note_export_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_credit_note_export_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_note_export")),
        sa.UniqueConstraint(
            "payment_id", "provider", name=op.f("uq_credit_note_export_payment_id_provider")
        ),
    )
    with op.batch_alter_table("credit_note_export", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_note_export_invoice_id"), ["invoice_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_credit_note_export_payment_id"), ["payment_id"], unique=False
        )
    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "document",
                _enum("exporteddocument", "invoice", "credit_note"),
                nullable=False,
                server_default="invoice",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_export_record_exporteddocument"), type_="check")
        batch_op.drop_column("document")
    with op.batch_alter_table("credit_note_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_note_export_payment_id"))
        batch_op.drop_index(batch_op.f("ix_credit_note_export_invoice_id"))
    op.drop_table("credit_note_export")
