import asyncio
import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from billing_app import schedule


class Stop(Exception):
    """Ends the endless loop after the test's rounds."""


class Rounds(list[float]):
    """The loop's sleep: records the waits, ends the loop after `count` of them."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    async def __call__(self, seconds: float) -> None:
        if len(self) == self.count:
            raise Stop
        self.append(seconds)


def run_loop(slept: Rounds) -> None:
    """In a thread of its own: the browser tests keep an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, schedule.payment_sync_loop(slept)).result()


def test_zero_seconds_turns_the_scheduled_sync_off(monkeypatch):
    monkeypatch.setenv("BILLING_PAYMENT_SYNC_SECONDS", "0")
    slept = Rounds(1)
    run_loop(slept)
    assert slept == []


def test_a_failed_sync_is_logged_and_the_loop_goes_on(monkeypatch, caplog):
    monkeypatch.setenv("BILLING_PAYMENT_SYNC_SECONDS", "120")
    slept = Rounds(2)
    runs: list[dt.timedelta] = []

    def failing(every: dt.timedelta) -> None:
        runs.append(every)
        raise RuntimeError("Xero is down")

    monkeypatch.setattr(schedule, "sync_payments_once", failing)
    with caplog.at_level(logging.ERROR), pytest.raises(Stop):
        run_loop(slept)
    assert slept == [120.0, 120.0] and runs == [dt.timedelta(seconds=120)] * 2
    assert caplog.text.count("The scheduled payment sync failed") == 2
