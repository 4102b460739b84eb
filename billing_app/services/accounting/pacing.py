"""What every export run's caller keeps: its clock and sleep (injected, so tests never wait),
the store of the providers' call budgets, a count of its calls by kind and the seconds it
waited on purpose.

Production callers pass `budgets=shared_budgets(session)` (one budget per organisation for the
whole deployment) and the wall clock (`time.time`, the same in every process); the default,
this process's `LocalBudgets`, is for tests on a fake clock.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from billing_app.domain.rate_limit import Budget, CallLimitReached
from billing_app.services.accounting.budgets import BudgetStore, local_budgets


@dataclass(kw_only=True)
class Pacing:
    budgets: BudgetStore = field(default_factory=local_budgets)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    jitter: Callable[[], float] = random.random
    calls: Counter[str] = field(default_factory=Counter)
    waited: float = 0.0  # seconds slept on purpose (rate limit, Retry-After, backoff)

    def pause(self, seconds: float) -> None:
        if seconds > 0:
            self.waited += seconds
            self.sleep(seconds)

    def take_slot(self, key: str, budget: Budget) -> None:
        """Waits for this call's slot in the organisation's budget (booked in the store)."""
        self.pause(self.budgets.reserve(key, budget, self.clock()))

    def hold(self, key: str, seconds: float) -> None:
        """Every process waits `seconds` before its next call under `key` (a 429)."""
        self.budgets.hold(key, self.clock(), seconds)


def limit_reached(
    provider: str, seconds: float, daily: bool, organisation: str = "organisation"
) -> CallLimitReached:
    """The run stops: the provider's limit is over in `seconds` (real time, for the sentence)."""
    now = dt.datetime.now(dt.UTC)
    resume_at = now + dt.timedelta(seconds=seconds)
    return CallLimitReached(provider, resume_at, now, daily, organisation)
