from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.tax_rates import NAME_LENGTH, NOTE_LENGTH
from billing_app.models.types import SCALE, Exact


class TaxRate(SQLModel, table=True):
    """A named rate to pick on lines, products and contracts; they store its value, not it."""

    __tablename__ = "tax_rate"
    __table_args__ = (
        sa.CheckConstraint(f"rate >= 0 AND rate <= {100 * 10**SCALE}", name="rate_is_a_percentage"),
        sa.CheckConstraint("NOT (is_default AND archived)", name="default_is_not_archived"),
        # Names are unique whatever their case; at most one row is the default.
        sa.Index("uq_tax_rate_name", sa.func.lower(sa.column("name")), unique=True),
        sa.Index("uq_tax_rate_default", "is_default", unique=True,
                 sqlite_where=sa.text("is_default"), postgresql_where=sa.text("is_default")),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=NAME_LENGTH)
    rate: Decimal = Field(sa_type=Exact)  # percent (Exact stores it scaled: 100% is 100 x 10^SCALE)
    note: str = Field(default="", max_length=NOTE_LENGTH)
    is_default: bool = Field(default=False)
    archived: bool = Field(default=False)
    position: int = Field(default=0)
