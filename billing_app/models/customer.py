from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from billing_app.models.address import PostalAddress
from billing_app.models.types import UtcDateTime, utcnow


class Customer(PostalAddress, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, index=True)
    billing_emails: str = Field(default="", max_length=500)  # comma-separated
    tax_exempt: bool = Field(default=False)
    payment_terms_days: int | None = None  # None: the account's default
    currency: str = Field(max_length=3)
    xero_contact_id: str | None = Field(default=None, max_length=64)
    quickbooks_customer_id: str | None = Field(default=None, max_length=64)
    active: bool = Field(default=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
