"""OAuth2 state of the Xero test server: codes, rotating refresh tokens, access tokens."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

CLIENT_ID = "TESTCLIENTID0000000000000000000"
CLIENT_SECRET = "test-client-secret-2026"
DEFAULT_SCOPE = "openid profile email accounting.transactions accounting.contacts offline_access"


@dataclass(frozen=True)
class Grant:
    """What a code or refresh token stands for."""

    client_id: str
    scope: str
    redirect_uri: str = ""


@dataclass
class Tokens:
    """Thread-safe: the server is threaded and tests poke it directly (expire, revoke)."""

    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    access_lifetime: int = 1800
    codes: dict[str, Grant] = field(default_factory=dict)
    access: dict[str, float] = field(default_factory=dict)  # token -> expires at (epoch s)
    refresh: dict[str, Grant] = field(default_factory=dict)  # live refresh tokens only
    used_refresh: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def new_code(self, grant: Grant) -> str:
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = grant
        return code

    def redeem_code(self, code: str, redirect_uri: str) -> Grant | None:
        """Codes are single use and bound to the redirect URI they were issued for."""
        with self.lock:
            grant = self.codes.pop(code, None)
        return grant if grant and grant.redirect_uri == redirect_uri else None

    def rotate(self, refresh_token: str) -> Grant | None:
        """Each refresh token works once: using it retires it (the new one comes with `issue`)."""
        with self.lock:
            grant = self.refresh.pop(refresh_token, None)
            if grant:
                self.used_refresh.add(refresh_token)
        return grant

    def issue(self, grant: Grant) -> dict[str, Any]:
        access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.lock:
            self.access[access] = time.time() + self.access_lifetime
            if "offline_access" in grant.scope.split():
                self.refresh[refresh] = grant
        token: dict[str, Any] = {
            "id_token": secrets.token_urlsafe(16),
            "access_token": access,
            "expires_in": self.access_lifetime,
            "token_type": "Bearer",
            "scope": grant.scope,
        }
        if "offline_access" in grant.scope.split():
            token["refresh_token"] = refresh
        return token

    def revoke(self, refresh_token: str) -> None:
        with self.lock:
            self.refresh.pop(refresh_token, None)

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.access = dict.fromkeys(self.access, 0.0)

    def access_valid(self, token: str) -> bool:
        with self.lock:
            return self.access.get(token, 0.0) > time.time()

    def client_ok(self, client_id: str, client_secret: str) -> bool:
        return (client_id, client_secret) == (self.client_id, self.client_secret)
