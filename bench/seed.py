"""What every benchmark needs: a fresh database, and rows inserted with SQLAlchemy Core
executemany (fast at scale)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from billing_app.config import ConfigError
from billing_app.db import check_connection, create_db_engine
from billing_app.migrations import upgrade
from billing_app.models import AccountSettings, Customer


def table(model: type) -> sa.Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def insert_account(c: sa.Connection, now: dt.datetime) -> None:
    """An Italian account in EUR numbering `2026-00001`, reset every year."""
    c.execute(
        sa.insert(table(AccountSettings)),
        [
            {
                "id": 1,
                "legal_name": "Bench MSP",
                "country": "IT",
                "currency": "EUR",
                "locale": "it_IT",
                "street": "",
                "city": "",
                "postcode": "",
                "region": "",
                "vat_id": "",
                "registration": "",
                "phone": "",
                "email": "",
                "website": "",
                "iban": "",
                "bic": "",
                "bank_account": "",
                "payment_terms_days": 30,
                "prices_include_tax": False,
                "number_format": "{year}-{seq:05}",
                "number_reset_yearly": True,
                "updated_at": now,
            }
        ],
    )


def insert_customers(
    c: sa.Connection, count: int, now: dt.datetime, name: Callable[[int], str]
) -> None:
    """Customers 1..count, active, in EUR; `name(i)` names customer i."""
    c.execute(
        sa.insert(table(Customer)),
        [
            {
                "id": i,
                "name": name(i),
                "billing_emails": f"ap{i}@example.com",
                "street": "",
                "city": "",
                "postcode": "",
                "region": "",
                "country": "IT",
                "vat_id": "",
                "tax_exempt": False,
                "currency": "EUR",
                "active": True,
                "created_at": now,
            }
            for i in range(1, count + 1)
        ],
    )


def catch_up_sequences(c: sa.Connection, tables: list[sa.Table]) -> None:
    """Rows inserted with explicit ids leave PostgreSQL's id sequences behind: move them on,
    so rows the app adds later get fresh ids. SQLite needs nothing."""
    if c.dialect.name != "postgresql":
        return
    for t in tables:
        c.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                f'(SELECT coalesce(max(id), 0) + 1 FROM "{t.name}"), false)'
            )
        )


POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def fresh_database(kind: str, folder: Path) -> str:
    """An empty, migrated database: a SQLite file in `folder`, or PostgreSQL's `bench`
    database dropped and created again (never the `test` database others use)."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'bench.db'}"
    else:
        server = sa.create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with server.connect() as c:
            c.execute(sa.text("DROP DATABASE IF EXISTS bench WITH (FORCE)"))
            c.execute(sa.text("CREATE DATABASE bench"))
        server.dispose()
        url = f"{POSTGRES_SERVER}/bench"
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def postgres_reachable() -> bool:
    engine = create_db_engine(f"{POSTGRES_SERVER}/postgres")
    try:
        check_connection(engine)
    except ConfigError:
        return False
    finally:
        engine.dispose()
    return True


def settle(engine: sa.Engine) -> None:
    """After a bulk load, PostgreSQL's statistics and visibility map are what autovacuum
    makes of them a minute later: do it now, so index-only scans count. SQLite: nothing
    (the app never runs ANALYZE there)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(sa.text("VACUUM ANALYZE"))
