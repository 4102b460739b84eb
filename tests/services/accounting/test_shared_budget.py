"""Three processes exporting to one Xero organisation at once keep its call budget together.

The budget is made small (5 calls a second, BILLING_XERO_CALL_BUDGET) so that the test is
short; the Xero test server counts the calls of the organisation by the time each reached it.
Nothing here measures speed: only that no window held more calls than the budget.
"""

from __future__ import annotations

import multiprocessing

import pytest
import redis
from sqlmodel import Session, select

from billing_app.domain.rate_limit import parse_budget
from billing_app.models import InvoiceExport
from billing_app.services.accounting.xero_calls import XeroAccess
from billing_app.services.actor import Actor
from tests.integrations.xero_server import XeroServer
from tests.services.accounting.budget_worker import export_each
from tests.services.accounting.test_budgets import REDIS_URL, redis_client
from tests.services.accounting.test_xero_export import customers, issued

PROCESSES, EXPORTS_EACH = 3, 3
BUDGET = "5/1"


@pytest.mark.parametrize("store", ["database", "redis"])
def test_three_processes_exporting_to_one_organisation_never_exceed_its_budget(
    session: Session, clerk: Actor, xero_server: XeroServer, monkeypatch, store: str
) -> None:
    if store == "redis":
        client: redis.Redis = redis_client()
        client.flushdb()  # the test Redis database (15) only
        monkeypatch.setenv("BILLING_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("BILLING_XERO_CALL_BUDGET", BUDGET)
    owners = customers(session, PROCESSES * EXPORTS_EACH)  # a contact each: 3 calls an export
    ids = [issued(session, owner).id for owner in owners]
    session.commit()
    token = xero_server.grant_token()
    access = XeroAccess(token["access_token"], xero_server.tenant.tenant_id, xero_server.api_url)
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(PROCESSES)
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    processes = [
        spawn.Process(
            target=export_each, args=(url, clerk.user_id, ids[n::PROCESSES], access, start)
        )
        for n in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0] * PROCESSES
    assert len(session.exec(select(InvoiceExport)).all()) == len(ids)
    budget = parse_budget(BUDGET)
    made = len(xero_server.arrivals[xero_server.tenant.tenant_id])
    assert made == PROCESSES * EXPORTS_EACH * 3 > 3 * budget.limit  # far more than one window
    assert xero_server.busiest(budget.window) <= budget.limit
    assert xero_server.busiest(budget.window * 10) > budget.limit  # they did contend
    if store == "redis":
        client.flushdb()
