"""What every export run's caller keeps: its clock and sleep (injected, so tests never wait),
the provider's rate budget, a count of its calls by kind and the seconds it waited on purpose."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from billing_app.domain.rate_limit import RateLimiter


@dataclass(kw_only=True)
class Pacing:
    limiter: RateLimiter
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    jitter: Callable[[], float] = random.random
    calls: Counter[str] = field(default_factory=Counter)
    waited: float = 0.0  # seconds slept on purpose (rate limit, Retry-After, backoff)

    def pause(self, seconds: float) -> None:
        if seconds > 0:
            self.waited += seconds
            self.sleep(seconds)
