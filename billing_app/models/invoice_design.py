from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.models.types import UtcDateTime, utcnow

DEFAULT_ACCENT = "#1f4e79"


class InvoiceDesign(SQLModel, table=True):
    """How invoices look: one row (id 1); none yet means the classic design in its defaults.

    The logo lives here as bytes with its media type, never as a file on disk.
    """

    __tablename__ = "invoice_design"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    design: str = Field(default="classic", max_length=20)  # a built-in's key, or "custom"
    accent_color: str = Field(default=DEFAULT_ACCENT, max_length=7)
    footer_text: str = Field(default="", max_length=1000)
    custom_html: str = Field(default="", sa_type=sa.Text)
    custom_css: str = Field(default="", sa_type=sa.Text)
    logo: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    logo_media_type: str = Field(default="", max_length=40)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
