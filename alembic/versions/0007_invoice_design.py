"""Invoice design: the chosen design, accent colour, footer text, custom template and logo

One row (id 1), like account_settings; the logo is stored as bytes with its media type.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-28 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invoice_design",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("design", sa.String(length=20), nullable=False),
        sa.Column("accent_color", sa.String(length=7), nullable=False),
        sa.Column("footer_text", sa.String(length=1000), nullable=False),
        sa.Column("custom_html", sa.Text(), nullable=False),
        sa.Column("custom_css", sa.Text(), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_media_type", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_invoice_design_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_design")),
    )


def downgrade() -> None:
    op.drop_table("invoice_design")
