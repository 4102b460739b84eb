import asyncio
import datetime as dt
import logging

import pytest

from billing_app import schedule


class Stop(Exception):
    """Ends the endless loop after the test's rounds."""


def rounds(monkeypatch: pytest.MonkeyPatch, count: int) -> list[float]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        if len(slept) == count:
            raise Stop
        slept.append(seconds)

    monkeypatch.setattr(schedule.asyncio, "sleep", sleep)
    return slept


def test_zero_seconds_turns_the_scheduled_sync_off(monkeypatch):
    monkeypatch.setenv("BILLING_PAYMENT_SYNC_SECONDS", "0")
    slept = rounds(monkeypatch, 1)
    asyncio.run(schedule.payment_sync_loop())
    assert slept == []


def test_a_failed_sync_is_logged_and_the_loop_goes_on(monkeypatch, caplog):
    monkeypatch.setenv("BILLING_PAYMENT_SYNC_SECONDS", "120")
    slept = rounds(monkeypatch, 2)
    runs: list[dt.timedelta] = []

    def failing(every: dt.timedelta) -> None:
        runs.append(every)
        raise RuntimeError("Xero is down")

    monkeypatch.setattr(schedule, "sync_payments_once", failing)
    with caplog.at_level(logging.ERROR), pytest.raises(Stop):
        asyncio.run(schedule.payment_sync_loop())
    assert slept == [120.0, 120.0] and runs == [dt.timedelta(seconds=120)] * 2
    assert caplog.text.count("The scheduled payment sync failed") == 2
