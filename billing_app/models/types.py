"""Column types that keep money exact and times in UTC on SQLite and PostgreSQL alike.

SQLite has no decimal type: `Numeric` goes through a float and loses digits.
`Exact` stores a Decimal as a scaled integer (value x 10^scale in a BIGINT),
which sorts, sums and round-trips exactly on both databases.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

SCALE = 4  # 0.0001: enough for unit prices, quantities, rates and every currency


class Exact(sa.types.TypeDecorator[Decimal]):
    impl = sa.BigInteger
    cache_ok = True

    def __init__(self, scale: int = SCALE) -> None:
        super().__init__()
        self.scale = scale

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, Decimal | int):
            raise TypeError(f"Exact columns take Decimal, not {type(value).__name__}: {value!r}")
        scaled = Decimal(value).scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimals; round it first.")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale)

    def coerce_compared_value(self, op: Any, value: Any) -> sa.types.TypeEngine[Any]:
        return self


class UtcDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite would drop the zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"{value} has no time zone; pass an aware datetime.")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        moment: dt.datetime = value
        return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def enum_column(enum: type[StrEnum]) -> sa.Enum:
    """A VARCHAR with a CHECK constraint on both databases (no native PostgreSQL enum)."""
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum),
        values_callable=lambda members: [member.value for member in members],
        name=enum.__name__.lower(),
    )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
