"""Search and paging for a list page's state: mixed in next to AppState, reloads through
`load`."""

from __future__ import annotations

from typing import Any

import reflex as rx


class Paged(rx.State, mixin=True):
    search: str = ""
    page: int = 0
    pages: int = 1
    total: int = 0

    def _show_page(self, result: Any) -> None:
        """From a service's page result (rows, total, page, pages)."""
        self.page, self.pages, self.total = result.page, result.pages, result.total

    def _reload_page(self) -> Any:
        """The event that shows another page or search; a state may load less than `load`."""
        return self.__class__.load

    @rx.event
    def turn_page(self, step: int) -> Any:
        self.page = max(0, min(self.pages - 1, self.page + step))
        return self._reload_page()

    @rx.event
    def apply_search(self, form: dict[str, str]) -> Any:
        self.search, self.page = form.get("search", ""), 0
        return self._reload_page()

    @rx.event
    def open_list(self) -> Any:
        """on_load: the list, searched for `?search=` when the URL has it (the "#12" links of
        a batch preview's exceptions). It loads after: on_load does not wait for one
        event before starting the next."""
        wanted = self.router.url.query_parameters.get("search")
        if wanted:
            self.search, self.page = wanted, 0
        return self.__class__.load
