"""The QuickBooks caller's budgets: 40 batch requests a minute per company, shared in-process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from billing_app.services.accounting.qbo_client import QboCaller
from tests.integrations.qbo_server import QboServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_xero_export import FakeTime


@pytest.fixture
def qbo_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[QboServer]:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with QboServer() as server:
        yield server


def caller(server: QboServer, time: FakeTime) -> QboCaller:
    return QboCaller(setup.access(server), sleep=time.sleep, clock=time.clock)


def query_batch(qbo: QboCaller, n: int) -> None:
    qbo.batch([{"bId": "1", "Query": "select * from Customer"}], request_id=f"budget-{n}")


def test_the_forty_first_batch_request_in_a_minute_waits_for_the_first_to_age_out(qbo_server):
    time = FakeTime()
    qbo = caller(qbo_server, time)
    for n in range(40):
        query_batch(qbo, n)
    assert time.slept == []
    query_batch(qbo, 40)
    assert time.slept == [pytest.approx(60.0)]
    assert qbo.calls["batch"] == 41


def test_two_runs_in_one_process_share_the_company_budget(qbo_server):
    time = FakeTime()
    first, second = caller(qbo_server, time), caller(qbo_server, time)
    for n in range(40):
        query_batch(first, n)
    query_batch(second, 40)  # an export and the payment sync at once stay within the 40
    assert second.waited == pytest.approx(60.0) and first.waited == 0
    second.query("select * from Customer")  # plain queries have their own, larger budget
    assert second.waited == pytest.approx(60.0)
