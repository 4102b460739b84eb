from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field

from billing_app.domain.numbering import DEFAULT_FORMAT
from billing_app.models.address import PostalAddress
from billing_app.models.types import UtcDateTime, utcnow


class AccountSettings(PostalAddress, table=True):
    """The MSP itself: one row (id 1)."""

    __tablename__ = "account_settings"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    legal_name: str = Field(max_length=200)
    registration: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=200)
    iban: str = Field(default="", max_length=40)
    bic: str = Field(default="", max_length=20)
    bank_account: str = Field(default="", max_length=100)
    locale: str = Field(max_length=20)
    currency: str = Field(max_length=3)
    payment_terms_days: int = Field(default=30)
    prices_include_tax: bool = Field(default=False)
    number_format: str = Field(default=DEFAULT_FORMAT, max_length=60)
    number_reset_yearly: bool = Field(default=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
