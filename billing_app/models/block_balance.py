from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Field, SQLModel

from billing_app.models.types import Exact


class BlockBalance(SQLModel, table=True):
    """What a block contract carries after a billed period (hours, or money for block money).

    Written with the invoice that billed the period and deleted with it, so deleting a
    batch gives the balance back.
    """

    __tablename__ = "block_balance"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True)
    invoice_id: int = Field(foreign_key="invoice.id", ondelete="CASCADE", index=True)
    period_end: dt.date
    balance: Decimal = Field(sa_type=Exact)
