"""Full-page screenshots of what the tests saw, under tests/e2e/screenshots/ (git-ignored),
to look at after a run."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

FOLDER = Path(__file__).parent / "screenshots"


def snap(page: Page, name: str) -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let toasts and transitions settle
    page.screenshot(path=FOLDER / f"{name}.png", full_page=True)
