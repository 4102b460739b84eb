"""Named tax rates (Admin > Tax rates)

Lines, products and contracts keep storing the rate's value: this table only names the
rates to pick from. Names are unique whatever their case (an expression index, which the
agreement check cannot compare: tests/models checks it by name), and a partial unique
index lets at most one rate be the default.

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-27 10:33:25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tax_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("rate", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "NOT (is_default AND archived)", name=op.f("ck_tax_rate_default_is_not_archived")
        ),
        sa.CheckConstraint(
            "rate >= 0 AND rate <= 1000000", name=op.f("ck_tax_rate_rate_is_a_percentage")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_rate")),
    )
    with op.batch_alter_table("tax_rate", schema=None) as batch_op:
        batch_op.create_index(
            "uq_tax_rate_default",
            ["is_default"],
            unique=True,
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )
    op.create_index("uq_tax_rate_name", "tax_rate", [sa.text("lower(name)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_tax_rate_name", table_name="tax_rate")
    with op.batch_alter_table("tax_rate", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_tax_rate_default",
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )
    op.drop_table("tax_rate")
