from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class NumberCounter(SQLModel, table=True):
    """The next number of a series, taken and bumped in the issuing transaction
    (a database sequence would leave gaps on rollback)."""

    __tablename__ = "number_counter"
    __table_args__ = (sa.CheckConstraint("next_value >= 1", name="positive"),)

    series: str = Field(primary_key=True, max_length=20)
    next_value: int = Field(default=1)
