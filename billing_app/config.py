"""Settings from environment variables, checked once, each failure a one-line message.

BILLING_DATABASE_URL  sqlite:///billing.db     (PostgreSQL: postgresql+psycopg://user@host/db)
BILLING_REDIS_URL     unset: state kept on disk (one worker); set: Redis, several workers
BILLING_SECRET_KEY    unset: generated into .secret_key on first run
BILLING_PORT          3000
BILLING_SESSION_IDLE_MINUTES  30: a session ends after this long without activity
BILLING_ADMIN_EMAIL / BILLING_ADMIN_PASSWORD  first start: the first admin (else generated)
BILLING_COUNTRY       IT   (first start only: the account's country)
BILLING_CURRENCY      the country's currency (first start only)
BILLING_LOCALE        it_IT (first start only)
BILLING_PAYMENT_SYNC_SECONDS  300: sync payments from Xero/QuickBooks this often; 0: never
BILLING_XERO_CALL_BUDGET       60/60: calls per seconds to one Xero organisation, all workers
BILLING_QUICKBOOKS_CALL_BUDGET 500/60: the same for one QuickBooks company
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from billing_app.domain.errors import BillingError
from billing_app.domain.money import check_currency, check_locale, currency_for_country
from billing_app.domain.rate_limit import (
    QBO_CALLS_PER_MINUTE,
    XERO_CALLS_PER_MINUTE,
    Budget,
    parse_budget,
)

DEFAULT_DATABASE_URL = "sqlite:///billing.db"
SECRET_KEY_FILE = Path(".secret_key")
XERO_BUDGET, QBO_BUDGET = Budget(XERO_CALLS_PER_MINUTE), Budget(QBO_CALLS_PER_MINUTE)


class ConfigError(Exception):
    """A bad setting: the message names the variable and the fix, in one line."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    port: int
    country: str
    currency: str
    locale: str
    session_idle: dt.timedelta
    payment_sync_every: dt.timedelta | None  # None: no scheduled payment sync
    xero_budget: Budget = XERO_BUDGET  # per organisation, every process together
    quickbooks_budget: Budget = QBO_BUDGET  # per company, every process together


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _database_url() -> str:
    url = _env("BILLING_DATABASE_URL", DEFAULT_DATABASE_URL)
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise ConfigError(
            f"BILLING_DATABASE_URL '{url}' is not a database URL; use {DEFAULT_DATABASE_URL} "
            "or postgresql+psycopg://user@host:5432/dbname."
        ) from None
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"BILLING_DATABASE_URL uses '{backend}'; only SQLite (sqlite:///file.db) and "
            "PostgreSQL (postgresql+psycopg://...) are supported."
        )
    return url


def _port() -> int:
    raw = _env("BILLING_PORT", "3000")
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"BILLING_PORT '{raw}' is not a port; use a number such as 3000.")
    return int(raw)


def _session_idle() -> dt.timedelta:
    raw = _env("BILLING_SESSION_IDLE_MINUTES", "30")
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(
            f"BILLING_SESSION_IDLE_MINUTES '{raw}' is not a number of minutes; use e.g. 30."
        )
    return dt.timedelta(minutes=int(raw))


def _payment_sync_every() -> dt.timedelta | None:
    raw = _env("BILLING_PAYMENT_SYNC_SECONDS", "300")
    if not raw.isdigit():
        raise ConfigError(
            f"BILLING_PAYMENT_SYNC_SECONDS '{raw}' is not a number of seconds; use e.g. 300, "
            "or 0 to sync only when asked."
        )
    return dt.timedelta(seconds=int(raw)) if int(raw) else None


def call_budget(name: str, default: Budget) -> Budget:
    """A provider's call budget (BILLING_XERO_CALL_BUDGET, BILLING_QUICKBOOKS_CALL_BUDGET)."""
    raw = _env(name, str(default))
    try:
        return parse_budget(raw)
    except ValueError:
        raise ConfigError(
            f"{name} '{raw}' is not a call budget; use CALLS/SECONDS such as {default}."
        ) from None


def _checked(name: str, default: str, check: Callable[[str], str]) -> str:
    value = _env(name, default)
    try:
        return check(value)
    except BillingError as error:
        raise ConfigError(f"{name}: {error.message}") from None


def load_settings() -> Settings:
    country = _env("BILLING_COUNTRY", "IT").upper()
    try:
        default_currency = currency_for_country(country)
    except BillingError as error:
        raise ConfigError(f"BILLING_COUNTRY: {error.message}") from None
    redis_url = _env("BILLING_REDIS_URL") or None
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"BILLING_REDIS_URL '{redis_url}' is not a Redis URL; use redis://host:6379/0."
        )
    return Settings(
        database_url=_database_url(),
        redis_url=redis_url,
        port=_port(),
        country=country,
        currency=_checked("BILLING_CURRENCY", default_currency, check_currency),
        locale=_checked("BILLING_LOCALE", "it_IT", check_locale),
        session_idle=_session_idle(),
        payment_sync_every=_payment_sync_every(),
        xero_budget=call_budget("BILLING_XERO_CALL_BUDGET", XERO_BUDGET),
        quickbooks_budget=call_budget("BILLING_QUICKBOOKS_CALL_BUDGET", QBO_BUDGET),
    )


def secret_key(key_file: Path = SECRET_KEY_FILE) -> str:
    """BILLING_SECRET_KEY, or a key generated once into a local file (with a warning),
    so stored secrets stay readable across restarts."""
    if key := _env("BILLING_SECRET_KEY"):
        if len(key) < 32:
            raise ConfigError(
                "BILLING_SECRET_KEY is too short; use at least 32 random characters, "
                'e.g. python -c "import secrets; print(secrets.token_urlsafe(32))".'
            )
        return key
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(32)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    print(
        f"warning: BILLING_SECRET_KEY is not set; generated a key into {key_file}. "
        "Back it up, or set BILLING_SECRET_KEY in production.",
        file=sys.stderr,
    )
    return key
