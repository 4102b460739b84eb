from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.mail import MailSecurity
from billing_app.models.types import UtcDateTime, enum_column, utcnow


class MailSettings(SQLModel, table=True):
    """How invoices leave by e-mail: one row (id 1), absent until an admin saves it.

    The SMTP password is stored encrypted (services/secret_box.py), never in clear.
    """

    __tablename__ = "mail_settings"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    host: str = Field(max_length=253)
    port: int
    security: MailSecurity = Field(sa_type=enum_column(MailSecurity))
    username: str = Field(default="", max_length=200)
    password_encrypted: str | None = Field(default=None, sa_type=sa.Text)
    from_name: str = Field(default="", max_length=200)
    from_address: str = Field(max_length=200)
    reply_to: str = Field(default="", max_length=200)
    bcc: str = Field(default="", max_length=500)  # comma-separated
    subject_template: str = Field(max_length=300)
    body_template: str = Field(sa_type=sa.Text)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
