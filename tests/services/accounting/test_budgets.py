"""The shared call budgets: the same behaviour from the Redis store and the database store.

Two store objects on one backend stand for two processes (each has its own connection); the
Redis variant needs a Redis (TEST_REDIS_URL, default db 15 of 127.0.0.1:6379, flushed) and is
skipped without one, except under CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlmodel import Session

from billing_app.db import create_db_engine
from billing_app.domain.rate_limit import Budget
from billing_app.services.accounting.budgets import (
    BudgetStore,
    DatabaseBudgets,
    RedisBudgets,
    database_budgets,
    shared_budgets,
)
from tests.conftest import require_or_skip, truncate_all

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BUDGET = Budget(3, 10.0)  # span 12.5 s


def redis_client() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        require_or_skip(f"Redis is not reachable at {REDIS_URL} ({error}): its store is skipped")
    return client


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    client = redis_client()
    client.flushdb()  # the test Redis database (15) only
    yield client
    client.flushdb()


Stores = Callable[[], BudgetStore]  # a new store on the same backend: another process


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres), "redis"])
def new_store(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Stores:
    if request.param == "redis":
        request.getfixturevalue("redis_db")
        prefix = f"test:{uuid.uuid4().hex}:"
        return lambda: RedisBudgets(redis.Redis.from_url(REDIS_URL), prefix)
    if request.param == "sqlite":
        shutil.copy(sqlite_template, tmp_path / "budgets.db")
        url = make_url(f"sqlite:///{tmp_path / 'budgets.db'}")
    else:
        url = make_url(request.getfixturevalue("postgres_url"))
        truncate_all(create_db_engine(url.render_as_string(hide_password=False)))
    return lambda: database_budgets.__wrapped__(url)  # uncached: a store per "process"


def test_the_call_past_the_budget_waits_until_the_oldest_leaves_the_window(new_store):
    store = new_store()
    waits = [store.reserve("xero:org-a", BUDGET, 1000.0) for _ in range(4)]
    assert waits == [0, 0, 0, pytest.approx(BUDGET.span)]
    assert store.reserve("xero:org-b", BUDGET, 1000.0) == 0  # per organisation
    assert store.reserve("xero:org-a", BUDGET, 1000.0 + 2 * BUDGET.span) == 0


def test_two_processes_share_one_budget_per_organisation(new_store):
    first, second = new_store(), new_store()
    assert [first.reserve("xero:org", BUDGET, 1000.0) for _ in range(3)] == [0, 0, 0]
    assert second.reserve("xero:org", BUDGET, 1001.0) == pytest.approx(BUDGET.span - 1.0)


def test_a_hold_stops_every_process_and_a_shorter_one_does_not_shorten_it(new_store):
    first, second = new_store(), new_store()
    first.hold("xero:org", 1000.0, 30.0)
    second.hold("xero:org", 1001.0, 1.0)
    assert second.reserve("xero:org", BUDGET, 1010.0) == pytest.approx(20.0)
    assert first.reserve("xero:org", BUDGET, 1031.0) == 0


def test_threads_of_several_processes_never_book_more_than_the_budget_in_a_window(new_store):
    stores = [new_store() for _ in range(3)]
    booked: list[float] = []
    lock = threading.Lock()

    def book(store: BudgetStore) -> None:
        for _ in range(4):
            at = 1000.0 + store.reserve("xero:busy", BUDGET, 1000.0)
            with lock:
                booked.append(at)

    threads = [threading.Thread(target=book, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    booked.sort()
    assert len(booked) == 12
    for n, start in enumerate(booked):  # any window of a span holds at most the limit
        assert sum(1 for at in booked[n:] if at < start + BUDGET.span) <= BUDGET.limit


def test_the_database_keeps_only_the_last_bookings_of_an_organisation(engine):
    store = database_budgets.__wrapped__(engine.url)
    for second in range(10):
        store.reserve("quickbooks:realm", BUDGET, 1000.0 + 100 * second)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT calls FROM call_budget")).scalar_one()
    assert json.loads(stored) == [1900.0]


def test_the_store_is_the_database_unless_redis_is_configured(engine, monkeypatch, redis_db):
    with Session(engine) as session:
        assert isinstance(shared_budgets(session), DatabaseBudgets)
        monkeypatch.setenv("BILLING_REDIS_URL", REDIS_URL)
        assert isinstance(shared_budgets(session), RedisBudgets)
