"""Accounting connection: the OAuth app's client id, encrypted secret and redirect URI,
entered on Admin > Accounting

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "accounting_connection"


def upgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("client_id", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("client_secret_encrypted", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("redirect_uri", sa.String(length=500), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_column("redirect_uri")
        batch_op.drop_column("client_secret_encrypted")
        batch_op.drop_column("client_id")
