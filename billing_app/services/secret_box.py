"""Encrypt stored secrets (SMTP password, OAuth tokens) with the key from BILLING_SECRET_KEY.

Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`; the Fernet key is derived
from the configured key with SHA-256, so any long random string works as a key.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from billing_app.domain.errors import BillingError


def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def encrypt_secret(plain: str, key: str) -> str:
    return _fernet(key).encrypt(plain.encode()).decode()


def decrypt_secret(token: str, key: str) -> str:
    try:
        return _fernet(key).decrypt(token.encode()).decode()
    except InvalidToken:
        raise BillingError(
            "wrong_secret_key",
            "A stored secret cannot be decrypted with the current BILLING_SECRET_KEY; "
            "restore the key it was saved with, or enter the secret again.",
        ) from None
