"""Live updates when the app runs with Redis and several backend workers.

A second server shares the browser tests' database and build (see `built_app.py`), keeps
Reflex's state in Redis and runs two Granian workers. Each browser's websocket belongs to
one worker; Reflex records which in Redis (`token_manager_socket_record_<token>`, the
worker's `instance_id`), which is how the test knows the two browsers are served by
different workers.
"""

from __future__ import annotations

import pickle
import re
import sys
import time
from collections.abc import Iterator

import pytest
import redis
from playwright.sync_api import Browser, Page, expect

from tests.conftest import require_or_skip
from tests.e2e.built_app import copy_build
from tests.e2e.conftest import RunningApp
from tests.e2e.serving import AppDidNotStart, Served, app_env, free_port, start_app, stop_app
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/7"  # a database of its own, emptied afterwards
WORKERS = 2
RECONNECTS = 12  # a new websocket lands on either worker; this many tries to get the other
SECONDS = 2.0  # the pages check once a second, then reload; slack for a busy 2-core machine
FIRST_LOAD_MS = 15_000  # a worker's first page load, on a busy machine
NUMBER = re.compile(r"^\d{4}-\d{5}$")


@pytest.fixture(scope="module")
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        require_or_skip(f"Redis is not reachable at {REDIS_URL} ({error})")
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def redis_app(
    app_server: RunningApp, redis_client: redis.Redis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("redis-app")
    port = free_port()
    web = copy_build(app_server.port, port, folder / "web")
    env = app_env(
        app_server.database_url,
        port,
        BILLING_REDIS_URL=REDIS_URL,
        GRANIAN_WORKERS=str(WORKERS),
        REFLEX_WEB_WORKDIR=str(web),
    )
    command = [sys.executable, "-m", "tests.e2e.built_app", str(port)]
    try:
        served = start_app(command, env, folder / "app.log")
    except AppDidNotStart as error:
        pytest.fail(str(error))
    yield served
    stop_app(served)


def open_billing(browser: Browser, url: str, role: str) -> Page:
    page = browser.new_context().new_page()
    sign_in(page, url, role)
    page.goto(url + "/billing")
    expect(page.get_by_test_id("invoice-row").first).to_be_visible(timeout=FIRST_LOAD_MS)
    return page


def worker_of(page: Page, client: redis.Redis) -> str:
    """The `instance_id` of the worker holding this page's websocket (Reflex's own record)."""
    token = page.evaluate("window.sessionStorage.getItem('token')")
    record = client.get(f"token_manager_socket_record_{token}")
    assert record is not None, f"no socket record in Redis for token {token}"
    return str(pickle.loads(record).instance_id)  # written by Reflex's RedisTokenManager


def move_to_another_worker(page: Page, client: redis.Redis, taken: str) -> str:
    """Reload until the page's websocket is on a worker other than `taken`."""
    for _ in range(RECONNECTS):
        worker = worker_of(page, client)
        if worker != taken:
            return worker
        page.reload()
        expect(page.get_by_test_id("invoice-row").first).to_be_visible(timeout=FIRST_LOAD_MS)
    pytest.fail(f"{RECONNECTS} reconnections all landed on worker {taken}")


def test_a_status_change_shows_in_a_browser_on_another_worker_within_about_a_second(
    browser: Browser, redis_app: Served, redis_client: redis.Redis
):
    viewer = open_billing(browser, redis_app.url, "read_only")
    clerk = open_billing(browser, redis_app.url, "billing")
    viewer_worker = worker_of(viewer, redis_client)
    clerk_worker = move_to_another_worker(clerk, redis_client, viewer_worker)
    assert clerk_worker != viewer_worker
    expect(viewer.get_by_role("link", name=NUMBER)).to_have_count(0)

    clerk.get_by_test_id("invoice-row").first.get_by_role("combobox", name="Status").click()
    clerk.get_by_role("option", name="Exported", exact=True).click()
    clerk.get_by_role("button", name="Issue as Exported").click()
    issued = time.monotonic()
    viewer.get_by_role("link", name=NUMBER).wait_for(timeout=5000)
    seen_after = time.monotonic() - issued
    expect(clerk.get_by_role("link", name=NUMBER)).to_have_count(1)

    print(f"workers {viewer_worker} / {clerk_worker}: shown after {seen_after:.2f} s")
    assert worker_of(viewer, redis_client) == viewer_worker  # no reconnection in between
    assert seen_after <= SECONDS, f"the other worker's browser showed it after {seen_after:.2f}s"
