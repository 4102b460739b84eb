from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.money import ZERO
from billing_app.models.types import Exact


class Expense(SQLModel, table=True):
    __table_args__ = (sa.CheckConstraint("markup_percent >= 0", name="markup_not_negative"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    contract_id: int | None = Field(default=None, foreign_key="contract.id", index=True)
    user_id: int | None = Field(
        default=None, foreign_key="app_user.id", index=True
    )  # who logged it
    spent_on: dt.date = Field(index=True)
    description: str = Field(max_length=300)
    amount: Decimal = Field(sa_type=Exact)
    markup_percent: Decimal = Field(default=ZERO, sa_type=Exact)
    billable: bool = Field(default=True)
