"""Who is acting: passed to every use-case, recorded on every audit event."""

from __future__ import annotations

from dataclasses import dataclass

from billing_app.domain.roles import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    email: str
    name: str
    role: Role


SYSTEM = Actor(user_id=None, email="system", name="System", role=Role.ADMIN)
