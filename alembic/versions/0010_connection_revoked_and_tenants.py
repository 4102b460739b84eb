"""Accounting connection: a Revoked status and the Xero organisations to pick from

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 09:12:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "accounting_connection"
STATUS_CHECK = "ck_accounting_connection_connectionstatus"
OLD_STATUSES = ("connected", "expired", "disconnected")
NEW_STATUSES = (*OLD_STATUSES, "revoked")


def _existing_status_check() -> str:
    """Its name as the database has it: `reflex db migrate` runs 0001 without our naming
    convention, so the name differs between databases made by the two commands."""
    checks = sa.inspect(op.get_bind()).get_check_constraints(TABLE)
    return next(c["name"] for c in checks if "'disconnected'" in c["sqltext"])


def _status_check(statuses: tuple[str, ...]) -> None:
    listed = ", ".join(f"'{status}'" for status in statuses)
    existing = _existing_status_check()
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(existing), type_="check")
        batch_op.create_check_constraint(op.f(STATUS_CHECK), sa.text(f"status IN ({listed})"))


def upgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tenant_choices", sa.JSON(), nullable=False, server_default="[]")
        )
    _status_check(NEW_STATUSES)


def downgrade() -> None:
    op.execute(sa.text(f"UPDATE {TABLE} SET status = 'expired' WHERE status = 'revoked'"))
    _status_check(OLD_STATUSES)
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_column("tenant_choices")
