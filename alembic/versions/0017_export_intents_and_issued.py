"""Export intents (exactly-once exports) and the Issued invoice status

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-21 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("draft", "sent", "exported", "paid", "refunded")
AFTER = ("draft", "issued", "sent", "exported", "paid", "refunded")
NUMBER_ORDER = [sa.text("(sequence IS NULL)"), "series", "sequence", sa.text("id DESC")]


def _status_constraint() -> str:
    """Its name: `reflex db migrate` created it without the naming convention."""
    checks = sa.inspect(op.get_bind()).get_check_constraints("invoice")
    return next(c["name"] for c in checks if "'refunded'" in c["sqltext"])


def _status_check(values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    name = _status_constraint()
    with op.batch_alter_table("invoice") as batch_op:
        batch_op.drop_constraint(op.f(name), type_="check")
        batch_op.create_check_constraint("invoicestatus", f"status IN ({listed})")
    if op.get_bind().dialect.name == "sqlite":  # the table was copied without its expression index
        op.create_index("ix_invoice_number_order", "invoice", NUMBER_ORDER)


def upgrade() -> None:
    op.create_table(
        "export_intent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(
                "xero",
                "quickbooks",
                name="provider",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("invoice_version", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_export_intent_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_intent")),
        sa.UniqueConstraint(
            "invoice_id", "provider", name=op.f("uq_export_intent_invoice_id_provider")
        ),
    )
    op.create_index(op.f("ix_export_intent_invoice_id"), "export_intent", ["invoice_id"])
    _status_check(AFTER)


def downgrade() -> None:
    op.execute("UPDATE invoice SET status = 'exported' WHERE status = 'issued'")
    _status_check(BEFORE)
    op.drop_index(op.f("ix_export_intent_invoice_id"), table_name="export_intent")
    op.drop_table("export_intent")
