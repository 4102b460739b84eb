"""Work over hundreds of thousands of small objects without the cyclic garbage collector.

A billing run of a busy month (a thousand customers) allocates about a million short-lived,
acyclic objects: rows, lines, Decimals. CPython's collector runs a full pass every so many
allocations and visits every live container each time, so the run pays for passes that free
nothing (bench/batch.py: save 5.95 s with the collector, 3.88 s without). Reference counting
still frees everything at once; the collector resumes when the last such run ends, also when
several run at the same time in threads.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_runs = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    global _runs, _was_enabled
    with _lock:
        if _runs == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _runs += 1
    try:
        yield
    finally:
        with _lock:
            _runs -= 1
            if _runs == 0 and _was_enabled:
                gc.enable()
