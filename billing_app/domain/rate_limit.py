"""Polite calling: per-organisation call budgets, Retry-After, 5xx backoff, QBO throttles.

Pure: the caller passes the time (wall-clock `time.time()` seconds, since a budget is shared
by processes, or a fake clock in tests) and the random source, and sleeps for what these
functions return. The window arithmetic here is what every budget store applies (the
in-process `RateLimiter`, and services/accounting/budgets.py's Redis and database stores).
A wait is never longer than MAX_WAIT: a provider asking for more (a daily limit) stops the run
with `CallLimitReached`, which says when it can resume.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import threading
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

from billing_app.domain.errors import BillingError

XERO_CALLS_PER_MINUTE = 60
QBO_CALLS_PER_MINUTE = 500
QBO_BATCHES_PER_MINUTE = 40  # Intuit: at most 40 batch requests a minute per company
QBO_THROTTLE_WAIT = 60.0  # QuickBooks says nothing about when to come back: a minute
RETRIED_STATUSES = frozenset({500, 502, 503, 504})
QBO_THROTTLE_CODE = "3001"
MAX_WAIT = 120.0  # the longest single wait; a provider asking for more stops the run
CONCURRENT_WAIT = 1.0  # Xero's concurrent limit (5 calls in flight): a short pause, then again
ARRIVAL_MARGIN = 1.0  # seconds a booked call may take to reach the provider (see Budget.span)


@dataclass(frozen=True)
class Budget:
    """At most `limit` calls in any `window` seconds to one organisation (company)."""

    limit: int
    window: float = 60.0

    @property
    def span(self) -> float:
        """How long a shared store counts a booked call: its window plus the time it may take
        from the booking to the provider's door (the sleep overshooting, the request on its
        way), so that calls booked a window apart never arrive less than a window apart. A
        second for a minute; a quarter of a shorter window."""
        return self.window + min(ARRIVAL_MARGIN, self.window / 4)

    def __str__(self) -> str:
        return f"{self.limit}/{self.window:g}"


def parse_budget(text: str) -> Budget:
    """`CALLS/SECONDS` (e.g. `60/60`), or `CALLS` a minute; ValueError when it is not one."""
    calls, _, seconds = text.strip().partition("/")
    budget = Budget(int(calls), float(seconds) if seconds.strip() else 60.0)
    if budget.limit < 1 or not 0 < budget.window <= 86400:
        raise ValueError(text)
    return budget


def recent_calls(calls: list[float], now: float, span: float) -> list[float]:
    """The booked call times (sorted) still inside the span that ends at `now`."""
    return calls[bisect.bisect_right(calls, now - span) :]


def slot_wait(calls: list[float], now: float, limit: int, span: float, held_until: float) -> float:
    """Seconds to wait before the next call (0: go): past any hold, and past the moment the
    limit-th last booked call leaves the span (booked calls may lie ahead of `now`)."""
    wait = held_until - now
    if len(calls) >= limit:
        wait = max(wait, calls[-limit] + span - now)
    return max(0.0, wait)


def book_call(
    calls: list[float], now: float, budget: Budget, held_until: float = 0.0
) -> tuple[list[float], float]:
    """A store's one step, under its lock: the recent calls with the next one booked, and the
    seconds to wait before making it."""
    recent = recent_calls(calls, now, budget.span)
    wait = slot_wait(recent, now, budget.limit, budget.span, held_until)
    bisect.insort(recent, now + wait)
    return recent, wait


@dataclass
class RateLimiter:
    """At most `limit` calls in any `window` seconds for each organisation (a sliding log).

    Shared by the threads of a process (an export and the payment sync at once), so `reserve`
    decides and books a call's time under one lock."""

    limit: int
    window: float = 60.0
    _calls: dict[str, deque[float]] = field(default_factory=dict)
    _held_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _recent(self, organisation: str, now: float) -> deque[float]:
        calls = self._calls.setdefault(organisation, deque())
        while calls and calls[0] <= now - self.window:
            calls.popleft()
        return calls

    def wait(self, organisation: str, now: float) -> float:
        """Seconds to wait before the next call to this organisation; 0 means go."""
        calls = self._recent(organisation, now)
        wait = self._held_until.get(organisation, now) - now
        if len(calls) >= self.limit:  # booked calls may lie ahead: count from the limit-th last
            wait = max(wait, calls[-self.limit] + self.window - now)
        return max(0.0, wait)

    def reserve(self, organisation: str, now: float) -> float:
        """Books the next call to this organisation; returns the seconds to wait before making
        it (0 means go). Two threads never get the same free slot."""
        with self._lock:
            wait = self.wait(organisation, now)
            bisect.insort(self._recent(organisation, now), now + wait)
            return wait

    def hold(self, organisation: str, now: float, seconds: float) -> None:
        """The provider said 429: no call to this organisation for `seconds`."""
        with self._lock:
            until = max(self._held_until.get(organisation, now), now + seconds)
            self._held_until[organisation] = until


def xero_limiter() -> RateLimiter:
    return RateLimiter(XERO_CALLS_PER_MINUTE)


def quickbooks_limiter() -> RateLimiter:
    return RateLimiter(QBO_CALLS_PER_MINUTE)


def quickbooks_batch_limiter() -> RateLimiter:
    return RateLimiter(QBO_BATCHES_PER_MINUTE)


class CallLimitReached(BillingError):
    """The provider's limit for this organisation cannot be waited out (its daily limit, or a
    Retry-After longer than MAX_WAIT): the run stops and says when it can resume."""

    def __init__(self, provider: str, resume_at: dt.datetime, now: dt.datetime,
                 daily: bool = True, organisation: str = "organisation") -> None:  # fmt: skip
        self.provider, self.resume_at, self.now = provider, resume_at, now
        self.daily, self.organisation = daily, organisation
        super().__init__("daily_limit", self.sentence("the export"))

    def sentence(self, activity: str, tail: str = "Nothing else was changed.") -> str:
        """E.g. "Xero's daily call limit for this organisation is used up; the export can
        resume after 14:05 UTC (in about 5 hours). Nothing else was changed." """
        whose = self.provider + ("'" if self.provider.endswith("s") else "'s")
        limit = "daily call limit" if self.daily else "call limit"
        return (f"{whose} {limit} for this {self.organisation} is used up; {activity} can "
                f"resume {resume_phrase(self.resume_at, self.now)}. {tail}").strip()  # fmt: skip

    def __reduce__(self) -> Any:
        arguments = (self.provider, self.resume_at, self.now, self.daily, self.organisation)
        return (self.__class__, arguments)


def resume_phrase(resume_at: dt.datetime, now: dt.datetime) -> str:
    """ "after 14:05 UTC (in about 5 hours)"; the day too when it is not today's."""
    at = resume_at.astimezone(dt.UTC)
    if at.second or at.microsecond:  # "after" a minute that has begun: the next one
        at = at.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    when = f"{at:%H:%M} UTC"
    if at.date() != now.astimezone(dt.UTC).date():
        when += f" on {at.day} {at:%B}"
    return f"after {when} ({_about(resume_at - now)})"


def _about(delta: dt.timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 90:
        return f"in about {minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(minutes / 60)
    return f"in about {hours} hour{'s' if hours != 1 else ''}"


def is_daily_limit(problem: str | None) -> bool:
    """Xero's `X-Rate-Limit-Problem: day` (5,000 calls a day per organisation)."""
    return (problem or "").strip().lower() in ("day", "daily")


def is_concurrent_limit(problem: str | None) -> bool:
    return (problem or "").strip().lower() == "concurrent"


def xero_limit_wait(problem: str | None, retry_after: float) -> float | None:
    """What a Xero 429 means, from `X-Rate-Limit-Problem` and Retry-After: the seconds to wait
    before calling again, or None when the run must stop (`day`, or a wait over MAX_WAIT).
    `concurrent` (too many calls in flight) is a short pause; `minute` / `appminute` waits
    Retry-After."""
    if is_daily_limit(problem):
        return None
    if is_concurrent_limit(problem):
        return min(retry_after, CONCURRENT_WAIT) or CONCURRENT_WAIT
    return retry_after if can_wait(retry_after) else None


def qbo_throttle_wait(retry_after: str | None, now: dt.datetime) -> float:
    """A QuickBooks throttle: its Retry-After when it sends one, else QBO_THROTTLE_WAIT."""
    return parse_retry_after(retry_after, now, QBO_THROTTLE_WAIT)


def can_wait(seconds: float) -> bool:
    """Whether a wait the provider asks for is waited out (else the run stops)."""
    return seconds <= MAX_WAIT


def parse_retry_after(value: str | None, now: dt.datetime, default: float = 60.0) -> float:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; `default` when it is
    missing or unreadable (never negative)."""
    text = (value or "").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delays(
    random: Callable[[], float], attempts: int = 4, base: float = 1.0, cap: float = 30.0
) -> tuple[float, ...]:
    """The waits before each retry of a 5xx: doubling, capped, each jittered into its upper
    half (random() in [0, 1)) so that workers retrying together spread out."""
    delays = (min(cap, base * 2**attempt) for attempt in range(attempts))
    return tuple(delay / 2 + delay / 2 * random() for delay in delays)


def is_retried(status: int) -> bool:
    return status in RETRIED_STATUSES


def _json_errors(body: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(body, dict):
        return
    fault = body.get("Fault") or body.get("fault")
    if not isinstance(fault, dict):
        return
    errors = fault.get("Error") or fault.get("error") or []
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict):
            message = str(error.get("Message") or error.get("message") or "")
            yield str(error.get("code", "")), message


def _xml_errors(root: ET.Element) -> Iterator[tuple[str, str]]:
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "Error":
            message = next(
                (child.text or "" for child in element if child.tag.endswith("Message")), ""
            )
            yield element.get("code", ""), message


def is_qbo_throttle(status: int, body: str) -> bool:
    """A QuickBooks throttle: HTTP 429, or a fault with code 3001 / ThrottleExceeded in a JSON
    or XML body (QuickBooks answers in either)."""
    if status == 429:
        return True
    text = body.strip()
    errors: Iterator[tuple[str, str]]
    try:
        if text.startswith("<"):
            errors = _xml_errors(ET.fromstring(text))
        elif text.startswith("{"):
            errors = _json_errors(json.loads(text))
        else:
            return False
    except (ET.ParseError, ValueError):
        return False
    return any(
        code.lstrip("0") == QBO_THROTTLE_CODE or "throttleexceeded" in message.lower()
        for code, message in errors
    )
