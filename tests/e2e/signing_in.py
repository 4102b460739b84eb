"""Signing in as a person would, for every browser test."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

DEMO = {
    "admin": ("admin@demo.test", "demo-admin-2026"),
    "billing": ("billing@demo.test", "demo-billing-2026"),
    "technician": ("giulia@demo.test", "demo-tech-2026"),
    "read_only": ("viewer@demo.test", "demo-viewer-2026"),
}


def fill_sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, base_url: str, role: str = "admin") -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/login"))
    fill_sign_in(page, *DEMO[role])
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
