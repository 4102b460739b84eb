"""Payments recorded here by hand pushed to a provider; the export log tells them apart

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-28 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("invoice", "credit_note")
AFTER = ("invoice", "credit_note", "payment")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True,
                   length=max(map(len, values)))  # fmt: skip


def _document_constraint() -> str:
    """Its name as the database has it (`reflex db migrate` may name it its own way)."""
    checks = sa.inspect(op.get_bind()).get_check_constraints("export_record")
    return next(c["name"] for c in checks if "'credit_note'" in c["sqltext"])


def _document_check(values: Sequence[str]) -> None:
    """The CHECK of export_record.document; the column stays VARCHAR(11), long enough."""
    listed = ", ".join(f"'{value}'" for value in values)
    name = _document_constraint()
    with op.batch_alter_table("export_record") as batch_op:
        batch_op.drop_constraint(op.f(name), type_="check")
        batch_op.create_check_constraint("exporteddocument", f"document IN ({listed})")


def upgrade() -> None:
    op.create_table(
        "payment_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("provider", _enum("provider", "xero", "quickbooks"), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_payment_export_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_payment_export_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_export")),
        sa.UniqueConstraint(
            "payment_id", "provider", name=op.f("uq_payment_export_payment_id_provider")
        ),
    )
    with op.batch_alter_table("payment_export", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_export_invoice_id"), ["invoice_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payment_export_payment_id"), ["payment_id"], unique=False
        )
    _document_check(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM export_record WHERE document = 'payment'")
    _document_check(BEFORE)
    with op.batch_alter_table("payment_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_export_payment_id"))
        batch_op.drop_index(batch_op.f("ix_payment_export_invoice_id"))
    op.drop_table("payment_export")
