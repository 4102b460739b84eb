"""Screenshots of the pages the browser tests visit, to look at (the folder is not committed)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

FOLDER = Path(__file__).parent / "screenshots"


def save_screenshot(page: Page, name: str) -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(FOLDER / f"{name}.png"), full_page=True)
