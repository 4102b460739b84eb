"""Polite calling: per-organisation call budgets, Retry-After, 5xx backoff, QBO throttles.

Pure: the caller passes the time (`time.monotonic()` seconds, or a fake clock in tests) and
the random source, and sleeps for what these functions return.
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

XERO_CALLS_PER_MINUTE = 60
QBO_CALLS_PER_MINUTE = 500
QBO_BATCHES_PER_MINUTE = 40  # Intuit: at most 40 batch requests a minute per company
QBO_THROTTLE_WAIT = 60.0  # QuickBooks says nothing about when to come back: a minute
RETRIED_STATUSES = frozenset({500, 502, 503, 504})
QBO_THROTTLE_CODE = "3001"


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
