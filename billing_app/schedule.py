"""Work the app does on its own while it runs: the payment sync every
BILLING_PAYMENT_SYNC_SECONDS (a Reflex lifespan task, so one loop per worker process).

Several workers each run the loop; `not_within` (half the interval) makes the one that
claims the connection row first do the sync and the others skip (payment_sync explains why a
second run would be harmless anyway). A failure is logged and the loop goes on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from billing_app.config import load_settings
from billing_app.db import session_scope
from billing_app.services.accounting.payment_sync import sync_connected
from billing_app.services.actor import SYSTEM

log = logging.getLogger(__name__)


def sync_payments_once(every: dt.timedelta) -> None:
    with session_scope() as session:
        reports = sync_connected(session, SYSTEM, not_within=every / 2)
    for report in reports:
        log.info("Payment sync from %s: %s", report.provider.label, report.summary)


async def payment_sync_loop(
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    every = load_settings().payment_sync_every
    if every is None:
        return
    while True:
        await sleep(every.total_seconds())
        try:
            await asyncio.to_thread(sync_payments_once, every)
        except Exception:  # the schedule outlives any one failure; the log says what it was
            log.exception("The scheduled payment sync failed; it runs again in %s.", every)
