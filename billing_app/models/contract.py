from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.contracts import (
    ContractType,
    Frequency,
    ProjectBilling,
    RoundingMode,
    RoundingScope,
    Timing,
)
from billing_app.domain.money import ZERO
from billing_app.models.types import Exact, UtcDateTime, enum_column, utcnow

TERMS_BY_TYPE = (
    ("retainer_has_fee", "type <> 'retainer' OR fee IS NOT NULL"),
    ("hourly_has_rate", "type <> 'hourly' OR hourly_rate IS NOT NULL"),
    (
        "block_hours_terms",
        "type <> 'block_hours' OR (block_hours IS NOT NULL AND block_price IS NOT NULL"
        " AND overage_rate IS NOT NULL)",
    ),
    (
        "block_money_terms",
        "type <> 'block_money' OR (block_amount IS NOT NULL AND hourly_rate IS NOT NULL)",
    ),
    (
        "project_terms",
        "type <> 'project' OR (project_billing = 'fixed' AND fee IS NOT NULL)"
        " OR (project_billing = 'hourly' AND hourly_rate IS NOT NULL)",
    ),
    ("ends_after_start", "end_date IS NULL OR end_date >= start_date"),
    ("rounding_not_negative", "rounding_increment_minutes >= 0 AND minimum_minutes >= 0"),
)


class Contract(SQLModel, table=True):
    """How one customer is billed; type-specific terms are NULL for the other types."""

    __table_args__ = tuple(sa.CheckConstraint(sql, name=name) for name, sql in TERMS_BY_TYPE)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    name: str = Field(max_length=200)
    type: ContractType = Field(sa_type=enum_column(ContractType), index=True)
    start_date: dt.date
    end_date: dt.date | None = None
    frequency: Frequency = Field(default=Frequency.MONTHLY, sa_type=enum_column(Frequency))
    timing: Timing = Field(default=Timing.ADVANCE, sa_type=enum_column(Timing))
    taxable: bool = Field(default=True)
    tax_rate: Decimal = Field(default=ZERO, sa_type=Exact)
    hourly_rate: Decimal | None = Field(default=None, sa_type=Exact)
    rounding_increment_minutes: int = Field(default=0)
    rounding_mode: RoundingMode = Field(default=RoundingMode.UP, sa_type=enum_column(RoundingMode))
    minimum_minutes: int = Field(default=0)
    rounding_scope: RoundingScope = Field(
        default=RoundingScope.ENTRY, sa_type=enum_column(RoundingScope)
    )
    fee: Decimal | None = Field(default=None, sa_type=Exact)
    block_hours: Decimal | None = Field(default=None, sa_type=Exact)
    block_price: Decimal | None = Field(default=None, sa_type=Exact)
    overage_rate: Decimal | None = Field(default=None, sa_type=Exact)
    rollover: bool = Field(default=False)
    rollover_cap_hours: Decimal | None = Field(default=None, sa_type=Exact)
    block_amount: Decimal | None = Field(default=None, sa_type=Exact)
    project_billing: ProjectBilling | None = Field(
        default=None, sa_type=enum_column(ProjectBilling)
    )
    active: bool = Field(default=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class ContractRate(SQLModel, table=True):
    """An hourly rate for one work type, overriding the contract's rate."""

    __tablename__ = "contract_rate"
    __table_args__ = (sa.UniqueConstraint("contract_id", "work_type"),)

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", ondelete="CASCADE")
    work_type: str = Field(max_length=60)
    hourly_rate: Decimal = Field(sa_type=Exact)


class ContractUnitLine(SQLModel, table=True):
    """One counted unit of a per-unit contract: servers, workstations, users, GB..."""

    __tablename__ = "contract_unit_line"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=100)
    unit_price: Decimal = Field(sa_type=Exact)
    product_id: int | None = Field(default=None, foreign_key="product.id")


class UnitCount(SQLModel, table=True):
    """The quantity of a unit line from a date on; a change mid-period is prorated by days."""

    __tablename__ = "unit_count"
    __table_args__ = (
        sa.UniqueConstraint("unit_line_id", "effective_from"),
        sa.CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_line_id: int = Field(foreign_key="contract_unit_line.id", ondelete="CASCADE")
    effective_from: dt.date
    quantity: Decimal = Field(sa_type=Exact)


class ContractMilestone(SQLModel, table=True):
    """A fixed-price project billed in parts: each milestone is billed once, on its date."""

    __tablename__ = "contract_milestone"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=200)
    amount: Decimal = Field(sa_type=Exact)
    bill_on: dt.date


class ContractFee(SQLModel, table=True):
    """A contract's periodic fee (a retainer's fee, a block's price) from a date on; a change
    mid-period is prorated by days, like a unit count. `Contract.fee`/`block_price` hold the
    fee in force today, for the form."""

    __tablename__ = "contract_fee"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "effective_from"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", ondelete="CASCADE", index=True)
    effective_from: dt.date
    amount: Decimal = Field(sa_type=Exact)
