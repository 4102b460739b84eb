"""Admin > Users: create, change role, deactivate and reactivate, reset password."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission, Role
from billing_app.models import User
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.passwords import generate_password, hash_password
from billing_app.services.sessions import end_sessions_of

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class UserRow:
    id: int
    email: str
    name: str
    role: Role
    active: bool
    last_login_at: dt.datetime | None


def _row(user: User) -> UserRow:
    assert user.id is not None
    return UserRow(user.id, user.email, user.name, user.role, user.active, user.last_login_at)


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    require(session, actor, Permission.MANAGE_USERS, "manage users")
    return [_row(u) for u in session.exec(select(User).order_by(col(User.name)))]


def check_new_user(session: Session, email: str, name: str) -> dict[str, str]:
    """Field → message for what is wrong with a new user's e-mail and name."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter the person's name."
    if not EMAIL.match(email):
        errors["email"] = f"'{email}' is not an e-mail address; write it like name@company.com."
    elif session.exec(select(User.id).where(User.email == email)).first() is not None:
        errors["email"] = f"{email} already has an account."
    return errors


def create_user(
    session: Session, actor: Actor, *, email: str, name: str, role: Role, password: str
) -> UserRow:
    require(session, actor, Permission.MANAGE_USERS, "manage users")
    email = email.strip().lower()
    if errors := check_new_user(session, email, name):
        field, message = next(iter(errors.items()))
        raise BillingError(f"invalid_{field}", message)
    user = User(email=email, name=name.strip(), role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record_audit(session, actor, "user_created", entity="user", entity_id=user.id, to_value=role)
    return _row(user)


def _load(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise BillingError("user_not_found", "That user no longer exists; reload the page.")
    return user


def _active_admins(session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, col(User.active))
    ).one()


def _keep_an_admin(session: Session, user: User) -> None:
    if user.role == Role.ADMIN and user.active and _active_admins(session) <= 1:
        raise BillingError(
            "last_admin",
            f"{user.name} is the last active admin; make someone else an admin first.",
        )


def change_role(session: Session, actor: Actor, user_id: int, role: Role) -> UserRow:
    require(session, actor, Permission.MANAGE_USERS, "manage users")
    user = _load(session, user_id)
    if user.role == role:
        return _row(user)
    _keep_an_admin(session, user)
    record_audit(
        session, actor, "role_changed", entity="user", entity_id=user_id,
        from_value=user.role, to_value=role,
    )  # fmt: skip
    user.role = role
    return _row(user)


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> UserRow:
    """Deactivating ends the user's sessions at once."""
    require(session, actor, Permission.MANAGE_USERS, "manage users")
    user = _load(session, user_id)
    if user.active == active:
        return _row(user)
    if not active:
        _keep_an_admin(session, user)
        end_sessions_of(session, user_id)
    user.active = active
    record_audit(
        session, actor, "user_activated" if active else "user_deactivated",
        entity="user", entity_id=user_id,
    )  # fmt: skip
    return _row(user)


def reset_password(session: Session, actor: Actor, user_id: int) -> str:
    """A new generated password, shown once to the admin; the user's sessions end."""
    require(session, actor, Permission.MANAGE_USERS, "manage users")
    user = _load(session, user_id)
    password = generate_password()
    user.password_hash = hash_password(password)
    end_sessions_of(session, user_id)
    record_audit(session, actor, "password_reset", entity="user", entity_id=user_id)
    return password


def has_users(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(User)).one() > 0


def create_first_admin(session: Session, *, email: str, password: str) -> str:
    """The first admin of an empty database (start-up, no actor yet). Returns the password."""
    password = password or generate_password()
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise BillingError("invalid_email", f"'{email}' is not an e-mail address.")
    session.add(
        User(
            email=email,
            name="Administrator",
            role=Role.ADMIN,
            password_hash=hash_password(password),
        )
    )
    session.flush()
    return password
