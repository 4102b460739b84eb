"""Call budgets shared by every process: the recent calls to each organisation of a provider

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-20 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "call_budget",
        sa.Column("budget_key", sa.String(length=200), nullable=False),
        sa.Column("calls", sa.Text(), nullable=False),
        sa.Column("held_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("budget_key", name=op.f("pk_call_budget")),
    )


def downgrade() -> None:
    op.drop_table("call_budget")
