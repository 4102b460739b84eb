"""Call budgets shared by every process that calls one organisation (company).

A budget store books each call to an organisation and says how long to wait before making it,
so that all the backend workers, the CLI and the payment sync together stay within the
provider's limit (Xero: 60 calls a minute per organisation). Two stores, picked from the
configuration: Redis when BILLING_REDIS_URL is set (one Lua script per step, atomic on the
server), else the database (a `call_budget` row per organisation, changed in a short
transaction of the store's own under the row's lock, never in the caller's transaction).
`LocalBudgets` keeps the budget in this process only: for tests that run on a fake clock.

The window arithmetic is domain.rate_limit's (`book_call`); times are wall-clock seconds
(`time.time()`), the same in every process; the store keeps only the last `limit` bookings.
Keys: "xero:<tenant id>", "quickbooks:<realm id>", "quickbooks-batch:<realm id>".
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import redis
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from billing_app.config import load_settings
from billing_app.db import create_db_engine
from billing_app.domain.rate_limit import Budget, RateLimiter, book_call

REDIS_PREFIX = "billing:budget:"


class BudgetStore(Protocol):
    def reserve(self, key: str, budget: Budget, now: float) -> float:
        """Books the next call under `key`; the seconds to wait before making it (0: go)."""
        ...

    def hold(self, key: str, now: float, seconds: float) -> None:
        """The provider said 429: no call under `key` for `seconds` (a longer hold stays)."""
        ...


@dataclass
class LocalBudgets:
    """This process's budgets (domain.rate_limit.RateLimiter, exact windows): tests on a fake
    clock. Production paths use `shared_budgets`."""

    _limiters: dict[tuple[str, Budget], RateLimiter] = field(default_factory=dict)
    _held: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self, key: str, budget: Budget, now: float) -> float:
        with self._lock:
            limiter = self._limiters.get((key, budget))
            if limiter is None:
                limiter = RateLimiter(budget.limit, budget.window)
                self._limiters[key, budget] = limiter
            limiter.hold(key, now, self._held.get(key, now) - now)
        return limiter.reserve(key, now)

    def hold(self, key: str, now: float, seconds: float) -> None:
        with self._lock:
            self._held[key] = max(self._held.get(key, now), now + seconds)


LOCAL = LocalBudgets()  # tests/conftest.py gives each test a fresh one


def local_budgets() -> BudgetStore:
    return LOCAL


# KEYS: the sorted set of booked call times, the hold key; ARGV: now, limit, span, member.
# domain.rate_limit.book_call, in Lua: trim the span, wait past the hold and past the
# limit-th last booking, book at now + wait, keep the last `limit` bookings.
_RESERVE = """
local now, limit, span = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
local wait = (tonumber(redis.call('GET', KEYS[2])) or now) - now
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local kth = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  wait = math.max(wait, tonumber(kth[2]) + span - now)
end
wait = math.max(wait, 0)
redis.call('ZADD', KEYS[1], now + wait, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
redis.call('PEXPIRE', KEYS[1], math.ceil((wait + span) * 1000) + 1000)
return string.format('%.6f', wait)
"""
# KEYS: the hold key; ARGV: held until (epoch seconds), seconds
_HOLD = """
local held = tonumber(ARGV[1])
if held > (tonumber(redis.call('GET', KEYS[1])) or 0) then
  redis.call('SET', KEYS[1], string.format('%.6f', held), 'PX',
             math.ceil(tonumber(ARGV[2]) * 1000) + 1000)
end
return 1
"""


class RedisBudgets:
    """Budgets in Redis: each step one atomic script on a sorted set per organisation."""

    def __init__(self, client: redis.Redis, prefix: str = REDIS_PREFIX) -> None:
        self.client, self.prefix = client, prefix
        self._reserve = client.register_script(_RESERVE)
        self._hold = client.register_script(_HOLD)

    @classmethod
    def from_url(cls, url: str, prefix: str = REDIS_PREFIX) -> RedisBudgets:
        return cls(redis.Redis.from_url(url), prefix)

    def reserve(self, key: str, budget: Budget, now: float) -> float:
        keys = [f"{self.prefix}{key}:calls", f"{self.prefix}{key}:held"]
        wait = self._reserve(keys, [repr(now), budget.limit, repr(budget.span), uuid.uuid4().hex])
        return float(wait)

    def hold(self, key: str, now: float, seconds: float) -> None:
        self._hold([f"{self.prefix}{key}:held"], [repr(now + seconds), repr(seconds)])


class DatabaseBudgets:
    """Budgets in the `call_budget` table: per step, one short transaction on a connection of
    its own that locks the organisation's row (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite
    `BEGIN IMMEDIATE`, the database's write lock)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"

    @contextmanager
    def _locked(self, key: str) -> Iterator[tuple[Connection, list[float], float]]:
        with self.engine.connect() as connection:
            if self._sqlite:  # an AUTOCOMMIT engine: the transaction is spelled out
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.begin()
            try:
                connection.execute(
                    sa.text("INSERT INTO call_budget (budget_key, calls, held_until) "
                            "VALUES (:key, '[]', 0) ON CONFLICT (budget_key) DO NOTHING"),
                    {"key": key},
                )  # fmt: skip
                lock = "" if self._sqlite else " FOR UPDATE"
                calls, held = connection.execute(
                    sa.text(f"SELECT calls, held_until FROM call_budget WHERE budget_key = :key"
                            f"{lock}"),
                    {"key": key},
                ).one()  # fmt: skip
                yield connection, [float(t) for t in json.loads(calls)], float(held)
            except BaseException:
                self._end(connection, "ROLLBACK")
                raise
            self._end(connection, "COMMIT")

    def _end(self, connection: Connection, how: str) -> None:
        if self._sqlite:
            connection.exec_driver_sql(how)
        elif how == "COMMIT":
            connection.commit()
        else:
            connection.rollback()

    def reserve(self, key: str, budget: Budget, now: float) -> float:
        with self._locked(key) as (connection, calls, held):
            recent, wait = book_call(calls, now, budget, held)
            connection.execute(
                sa.text("UPDATE call_budget SET calls = :calls WHERE budget_key = :key"),
                {"calls": json.dumps(recent[-budget.limit :]), "key": key},
            )
        return wait

    def hold(self, key: str, now: float, seconds: float) -> None:
        with self._locked(key) as (connection, _, held):
            connection.execute(
                sa.text("UPDATE call_budget SET held_until = :until WHERE budget_key = :key"),
                {"until": max(held, now + seconds), "key": key},
            )


def _busy_timeout(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA busy_timeout=5000")


@lru_cache(maxsize=8)
def database_budgets(url: URL) -> BudgetStore:
    """The database's store, on an engine of its own (SQLite: a connection per step, in
    autocommit so that the store spells out `BEGIN IMMEDIATE`)."""
    if url.get_backend_name() != "sqlite":
        return DatabaseBudgets(create_db_engine(url.render_as_string(hide_password=False)))
    if url.database in (None, "", ":memory:"):  # no other process can share it
        return LocalBudgets()
    engine = sa.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                              connect_args={"check_same_thread": False})  # fmt: skip
    sa.event.listen(engine, "connect", _busy_timeout)
    return DatabaseBudgets(engine)


@lru_cache(maxsize=4)
def redis_budgets(url: str) -> BudgetStore:
    return RedisBudgets.from_url(url)


def shared_budgets(session: Session) -> BudgetStore:
    """The store every process shares: Redis when BILLING_REDIS_URL is set, else the
    database the session is on (its own connection, never the session's transaction)."""
    redis_url = load_settings().redis_url
    if redis_url:
        return redis_budgets(redis_url)
    return database_budgets(session.get_bind().engine.url)
