"""What the admin settings pages share: load the stored values once, save them with one form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from billing_app.domain.errors import BillingError

T = TypeVar("T")


class SettingsPage(rx.State, mixin=True):
    loading: bool = True
    error: str = ""
    field_errors: dict[str, str] = {}

    async def _stored(self, fn: Callable[..., T]) -> T | None:
        """The page's stored values, or None with the reason shown instead of the form."""
        try:
            return await self.as_actor(fn)  # type: ignore[attr-defined, no-any-return]
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return None

    def _shown(self) -> None:
        """Call inside `async with self` once the stored values are on the page."""
        self.error, self.field_errors, self.loading = "", {}, False

    async def _save(self, fn: Callable[..., object], data: object, saved: str, then: Any) -> Any:
        """Save through a use-case: every wrong field marked and nothing saved, or `then`."""
        errors: dict[str, str] = await self.submit_form(fn, data)  # type: ignore[attr-defined]
        async with self:
            self.field_errors = errors
        if errors:
            return rx.toast.error("Nothing was saved: fix the fields marked in red.")
        return [rx.toast.success(saved), then]
