"""The invoice list's default order as an index (bench/billing_page.py)

Invoices are listed by number, Drafts (no number yet) last: ORDER BY (sequence IS NULL),
series, sequence, id DESC. Without an index in that order every page sorts all invoices;
page 1,000 of 100,000 took 230 ms on PostgreSQL, with it 7 ms.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_invoice_number_order",
        "invoice",
        [sa.text("(sequence IS NULL)"), "series", "sequence", sa.text("id DESC")],
    )


def downgrade() -> None:
    op.drop_index("ix_invoice_number_order", table_name="invoice")
