from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_moment
from billing_app.domain.roles import Role
from billing_app.services.account import account_locale
from billing_app.services.users import (
    UserRow,
    change_role,
    create_user,
    list_users,
    reset_password,
    set_active,
)
from billing_app.state.base import AppState, call

ROLE_CHOICES = [role.label for role in Role]
ROLE_BY_LABEL = {role.label: role for role in Role}


class UserView(TypedDict):
    id: int
    name: str
    email: str
    role: str
    active: bool
    last_login: str


def user_view(row: UserRow, locale: str) -> UserView:
    return UserView(
        id=row.id,
        name=row.name,
        email=row.email,
        role=row.role.label,
        active=row.active,
        last_login=format_moment(row.last_login_at, locale) if row.last_login_at else "Never",
    )


class UsersState(AppState):
    users: list[UserView] = []
    loading: bool = True
    error: str = ""
    dialog_open: bool = False
    field_errors: dict[str, str] = {}
    shown_password: str = ""
    shown_password_for: str = ""

    async def _reload(self) -> None:
        locale = await call(account_locale)
        rows = await self.as_actor(list_users)
        async with self:
            self.users = [user_view(row, locale) for row in rows]
            self.loading = False

    async def _attempt(self, fn: Any, *args: Any) -> Any:
        """Run a use-case; a refusal becomes the page's message and nothing changes."""
        try:
            result = await self.as_actor(fn, *args)
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return None
        async with self:
            self.error = ""
        await self._reload()
        return result

    @rx.event(background=True)
    async def load(self) -> None:
        try:
            await self._reload()
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False

    @rx.event
    def open_dialog(self) -> None:
        self.dialog_open, self.field_errors = True, {}

    @rx.event
    def set_dialog_open(self, value: bool) -> None:
        self.dialog_open = value

    @rx.event
    def close_password(self) -> None:
        self.shown_password = self.shown_password_for = ""

    @rx.event(background=True)
    async def create(self, form: dict[str, str]) -> None:
        email, name = form.get("email", "").strip().lower(), form.get("name", "").strip()
        role = ROLE_BY_LABEL.get(form.get("role", ""), Role.READ_ONLY)
        password = form.get("password", "")
        try:
            await self.as_actor(create_user, email=email, name=name, role=role, password=password)
        except BillingError as error:
            field = error.code.removeprefix("invalid_") if error.code.startswith("invalid_") else ""
            field = "password" if error.code == "weak_password" else field
            async with self:
                self.field_errors = {field or "form": error.message}
            return
        async with self:
            self.dialog_open, self.field_errors = False, {}
        await self._reload()

    @rx.event(background=True)
    async def set_role(self, user_id: int, label: str) -> None:
        await self._attempt(change_role, user_id, ROLE_BY_LABEL[label])

    @rx.event(background=True)
    async def set_user_active(self, user_id: int, active: bool) -> None:
        await self._attempt(set_active, user_id, active)

    @rx.event(background=True)
    async def new_password(self, user_id: int, name: str) -> None:
        password = await self._attempt(reset_password, user_id)
        if password:
            async with self:
                self.shown_password, self.shown_password_for = password, name
