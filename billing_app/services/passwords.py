"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from billing_app.domain.errors import BillingError

MIN_LENGTH = 10
_hasher = PasswordHasher()


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise BillingError(
            "weak_password",
            f"The password has {len(password)} characters; use at least {MIN_LENGTH}.",
        )


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


DUMMY_HASH = _hasher.hash("no user has this password")


def spend_verification_time(password: str) -> None:
    """Verify against a dummy hash so an unknown e-mail takes as long as a wrong password."""
    verify_password(DUMMY_HASH, password)


def generate_password() -> str:
    return secrets.token_urlsafe(12)
