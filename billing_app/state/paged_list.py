"""A searched, paged list whose state only says how to fetch one page of display rows.

A mixin: the page state declares `rows` and implements `_fetch`, which returns the display
rows and the listing's page (total, page, pages).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.state.paged import Paged


class PagedListState(Paged, mixin=True):
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
            self._show_page(listed)
            self.loading, self.error = False, ""
