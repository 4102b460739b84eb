"""Contract fee history: a retainer's fee or a block's price from a date on, so that a
change mid-period is prorated by days

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contract_fee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_contract_fee_amount_not_negative")),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contract.id"], name=op.f("fk_contract_fee_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_fee")),
        sa.UniqueConstraint(
            "contract_id", "effective_from", name=op.f("uq_contract_fee_contract_id_effective_from")
        ),
    )  # fmt: skip
    with op.batch_alter_table("contract_fee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_fee_contract_id"), ["contract_id"], unique=False
        )
    # Every existing retainer and block-hours contract: its fee from its start.
    op.execute(
        "INSERT INTO contract_fee (contract_id, effective_from, amount) "
        "SELECT id, start_date, fee FROM contract WHERE type = 'retainer' AND fee IS NOT NULL "
        "UNION ALL "
        "SELECT id, start_date, block_price FROM contract "
        "WHERE type = 'block_hours' AND block_price IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("contract_fee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_fee_contract_id"))
    op.drop_table("contract_fee")
