from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class CallBudget(SQLModel, table=True):
    """The recent calls of every process to one organisation (company) of a provider, so that
    all of them together keep its call budget (services/accounting/budgets.py; Redis holds
    this instead when BILLING_REDIS_URL is set). Changed only in short transactions of its own,
    under the row's lock."""

    __tablename__ = "call_budget"

    budget_key: str = Field(primary_key=True, max_length=200)  # "xero:<tenant id>", …
    calls: str = Field(default="[]", sa_type=sa.Text)  # JSON: the last booked call times
    held_until: float = Field(default=0.0)  # epoch seconds: the provider said 429 until then
