from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from billing_app.domain.roles import Role
from billing_app.models.types import UtcDateTime, enum_column, utcnow


class User(SQLModel, table=True):
    """A person who signs in. E-mails are stored lower-cased."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=200)
    role: Role = Field(sa_type=enum_column(Role), index=True)
    password_hash: str = Field(max_length=200)
    active: bool = Field(default=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    last_login_at: dt.datetime | None = Field(default=None, sa_type=UtcDateTime)


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only the token's hash is stored; deleting the row signs it out."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    last_seen_at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class LoginAttempt(SQLModel, table=True):
    """Every sign-in attempt, for rate limiting per account and per client."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        sa.Index("ix_login_attempt_email_at", "email", "at"),
        sa.Index("ix_login_attempt_client_at", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=200)
    client: str = Field(max_length=64)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    succeeded: bool
