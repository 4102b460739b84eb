"""Signing in and out, and recognising a signed-in browser on every event.

The browser keeps a random token; the database keeps only its SHA-256. A session
ends after a period without activity, at logout, and at once when the user is
deactivated. Failed attempts are limited per account and per client, and the
answer never tells whether the e-mail exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, delete, func, select

from billing_app.domain.errors import BillingError
from billing_app.models import LoginAttempt, User, UserSession
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.passwords import spend_verification_time, verify_password

WRONG_CREDENTIALS = "The e-mail or the password is not correct."
LIMIT_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20
TOUCH_EVERY = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class SignedIn:
    token: str
    actor: Actor


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actor_of(user: User) -> Actor:
    return Actor(user_id=user.id, email=user.email, name=user.name, role=user.role)


def _recent_failures(session: Session, column: object, value: str, now: dt.datetime) -> int:
    return session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(
            column == value,
            col(LoginAttempt.at) > now - LIMIT_WINDOW,
            col(LoginAttempt.succeeded).is_(False),
        )
    ).one()


def _check_rate(session: Session, email: str, client: str, now: dt.datetime) -> None:
    if (
        _recent_failures(session, col(LoginAttempt.email), email, now) >= MAX_FAILURES_PER_ACCOUNT
        or _recent_failures(session, col(LoginAttempt.client), client, now)
        >= MAX_FAILURES_PER_CLIENT
    ):
        minutes = int(LIMIT_WINDOW.total_seconds() // 60)
        raise BillingError(
            "too_many_attempts",
            f"Too many failed sign-ins. Wait {minutes} minutes and try again, "
            "or ask an admin to reset your password.",
        )


def log_in(session: Session, email: str, password: str, client: str) -> SignedIn:
    """Commits the attempt either way, so failures count even when sign-in is refused."""
    email, now = email.strip().lower(), utcnow()
    _check_rate(session, email, client, now)
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.active:
        spend_verification_time(password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password)
    session.add(LoginAttempt(email=email, client=client[:64], at=now, succeeded=ok))
    if not ok or user is None:
        session.commit()
        raise BillingError("wrong_credentials", WRONG_CREDENTIALS)
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=token_hash(token), user_id=user.id, created_at=now))
    user.last_login_at = now
    session.commit()
    return SignedIn(token=token, actor=actor_of(user))


def resume(session: Session, token: str, idle: dt.timedelta) -> Actor | None:
    """The actor behind a browser's token, or None when it is unknown, idle too long or
    its user was deactivated. Activity extends the session."""
    if not token:
        return None
    now = utcnow()
    found = session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == UserSession.user_id)
        .where(UserSession.token_hash == token_hash(token))
    ).first()
    if found is None:
        return None
    user_session, user = found
    if not user.active or now - user_session.last_seen_at > idle:
        session.delete(user_session)
        session.commit()
        return None
    if now - user_session.last_seen_at > TOUCH_EVERY:
        user_session.last_seen_at = now
        session.commit()
    return actor_of(user)


def log_out(session: Session, token: str) -> None:
    session.exec(delete(UserSession).where(col(UserSession.token_hash) == token_hash(token)))
    session.commit()


def end_sessions_of(session: Session, user_id: int) -> None:
    session.exec(delete(UserSession).where(col(UserSession.user_id) == user_id))
