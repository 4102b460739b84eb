"""Databases for tests: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

Under CI=true a missing or unreachable PostgreSQL fails the run instead of skipping.
Each test gets an empty, migrated database: a copy of a migrated SQLite file, or the
PostgreSQL test database truncated.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine
from sqlmodel import Session

from billing_app.config import ConfigError
from billing_app.db import check_connection, create_db_engine
from billing_app.migrations import upgrade
from billing_app.models import metadata
from billing_app.services import passwords
from billing_app.services.accounting import budgets

IN_CI = os.environ.get("CI") == "true"


def require_or_skip(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (mandatory under CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        require_or_skip("TEST_DATABASE_URL is not set, so the PostgreSQL variant is skipped")
    engine = create_db_engine(url)
    try:
        check_connection(engine)
    except ConfigError as error:
        require_or_skip(f"PostgreSQL is not reachable: {error}")
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    upgrade(engine)
    engine.dispose()
    return url


def truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        db_engine = create_db_engine(f"sqlite:///{path}")
    else:
        db_engine = create_db_engine(request.getfixturevalue("postgres_url"))
        truncate_all(db_engine)
    yield db_engine
    db_engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as db_session:
        yield db_session


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id still, with test-sized cost: production parameters take ~60 ms a hash."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(autouse=True)
def fresh_rate_budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The in-process call budgets start empty for each test (tests share a company id and
    run on fake clocks, which a budget kept across tests would mix up); the shared store is
    each test's database (its `call_budget` table), never a Redis named in the environment."""
    monkeypatch.setattr(budgets, "LOCAL", budgets.LocalBudgets())
    monkeypatch.delenv("BILLING_REDIS_URL", raising=False)
    for name in ("BILLING_XERO_CALL_BUDGET", "BILLING_QUICKBOOKS_CALL_BUDGET"):
        monkeypatch.delenv(name, raising=False)
