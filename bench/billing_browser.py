"""The Billing page in Chromium against the bench database, served as in production.

Rows visible: from `page.goto("/billing")` to the first invoice row on screen, a fresh
navigation each time (new page load, new websocket). Live update: a status picked in one
browser context until the other context (another session on the same page) shows it.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, WebSocket, expect, sync_playwright

from tests.e2e.serving import (
    CHROMIUM_ARGS,
    app_env,
    free_port,
    reflex_prod,
    start_app,
    stop_app,
)
from tests.e2e.signing_in import fill_sign_in

CHROMIUM = "/usr/bin/chromium"
WAIT_MS = 60_000
SETTLE_SECONDS = 1.5  # let both pages finish the reload a change causes


@dataclass
class BrowserFigures:
    rows_visible: list[float] = field(default_factory=list)  # seconds
    live_update: list[float] = field(default_factory=list)  # seconds
    frames: list[int] = field(default_factory=list)  # bytes of each websocket message received


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _record_frames(page: Page, frames: list[int]) -> None:
    def received(payload: str | bytes) -> None:
        frames.append(len(payload.encode() if isinstance(payload, str) else payload))

    def opened(socket: WebSocket) -> None:
        socket.on("framereceived", received)

    page.on("websocket", opened)


def _signed_in(browser: Browser, url: str, email: str, password: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(url + "/login")
    fill_sign_in(page, email, password)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=WAIT_MS)
    return page


def _open_billing(page: Page, url: str) -> float:
    begun = time.perf_counter()
    page.goto(url + "/billing")
    page.get_by_test_id("invoice-row").first.wait_for(timeout=WAIT_MS)
    return time.perf_counter() - begun


def _status_of_first_row(page: Page) -> Locator:
    return page.get_by_test_id("invoice-row").first.get_by_role("combobox", name="Status")


def _change_and_watch(clerk: Page, viewer: Page) -> float:
    """Paid ⇄ Sent on the first row (both allowed by hand, no confirmation)."""
    status = _status_of_first_row(clerk)
    target = "Sent" if status.inner_text().strip() == "Paid" else "Paid"
    status.click()
    clerk.get_by_role("option", name=target, exact=True).click()
    begun = time.perf_counter()
    shown = _status_of_first_row(viewer).filter(has_text=re.compile(f"^{target}$"))
    shown.wait_for(timeout=WAIT_MS)
    seen = time.perf_counter() - begun
    _status_of_first_row(clerk).filter(has_text=re.compile(f"^{target}$")).wait_for()
    time.sleep(SETTLE_SECONDS)
    return seen


def measure_browser(
    database_url: str, folder: Path, runs: int, email: str, password: str
) -> BrowserFigures:
    """Builds and serves the app (about a minute), then drives two Chromium contexts."""
    port = free_port()
    served = start_app(reflex_prod(port), app_env(database_url, port), folder / "app.log")
    figures = BrowserFigures()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            viewer = _signed_in(browser, served.url, email, password)
            _record_frames(viewer, figures.frames)
            _open_billing(viewer, served.url)  # warm-up: caches, connection pool
            figures.frames.clear()
            figures.rows_visible = [_open_billing(viewer, served.url) for _ in range(runs)]
            clerk = _signed_in(browser, served.url, email, password)
            _open_billing(clerk, served.url)
            time.sleep(SETTLE_SECONDS)
            figures.live_update = [_change_and_watch(clerk, viewer) for _ in range(runs)]
            browser.close()
    finally:
        stop_app(served)
    return figures
