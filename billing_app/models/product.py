from __future__ import annotations

from decimal import Decimal

from sqlmodel import Field, SQLModel

from billing_app.domain.money import ZERO
from billing_app.models.types import Exact


class Product(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200, index=True)
    description: str = Field(default="", max_length=1000)
    unit_price: Decimal = Field(sa_type=Exact)
    tax_rate: Decimal = Field(default=ZERO, sa_type=Exact)
    accounting_item_code: str = Field(default="", max_length=60)
    active: bool = Field(default=True)
