"""What every searched, paged list state shares: its search, page, loading and error.

A mixin: the page state declares `rows` and implements `_fetch`, which returns the display
rows and the listing's page (total, page, pages).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError


class PagedListState(rx.State, mixin=True):
    search: str = ""
    page: int = 0
    pages: int = 1
    total: int = 0
    loading: bool = True
    error: str = ""

    async def _fetch(self, search: str, page: int) -> tuple[list[Any], Any]:
        raise NotImplementedError

    @rx.event(background=True)
    async def load(self) -> None:
        async with self:
            search, page = self.search, self.page
        try:
            rows, listed = await self._fetch(search, page)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self.rows = rows
            self.page, self.pages, self.total = listed.page, listed.pages, listed.total
            self.loading, self.error = False, ""

    @rx.event
    def apply_search(self, form: dict[str, str]) -> Any:
        self.search, self.page = form.get("search", ""), 0
        return type(self).load

    @rx.event
    def turn_page(self, step: int) -> Any:
        self.page = max(0, min(self.pages - 1, self.page + step))
        return type(self).load
