"""OAuth2 authorization-code helpers for both providers. Pure: no HTTP here.

The `state` ties the callback to the admin who clicked Connect (checked in constant time);
PKCE is optional (both providers accept it; a confidential client with a secret needs none).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

REFRESH_MARGIN = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str  # S256 of the verifier


def new_state() -> str:
    return secrets.token_urlsafe(32)


def new_pkce(verifier: str | None = None) -> Pkce:
    """A verifier of 43+ URL-safe characters and its S256 challenge (RFC 7636)."""
    verifier = verifier or secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return Pkce(verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"))


def authorization_url(
    authorize_url: str,
    *,
    client_id: str,
    redirect_uri: str,
    scopes: str,
    state: str,
    pkce: Pkce | None = None,
) -> str:
    """Where the Connect button sends the admin."""
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scopes,
        "state": state,
    }
    if pkce:
        params |= {"code_challenge": pkce.challenge, "code_challenge_method": "S256"}
    separator = "&" if "?" in authorize_url else "?"
    return f"{authorize_url}{separator}{urlencode(params)}"


def state_matches(expected: str | None, received: str | None) -> bool:
    """The callback's state is the one we issued; a missing one never matches."""
    if not expected or not received:
        return False
    return hmac.compare_digest(expected.encode(), received.encode())


def token_expires_at(now: dt.datetime, expires_in: int | float) -> dt.datetime:
    """When a token answered at `now` with `expires_in` seconds expires."""
    return now + dt.timedelta(seconds=float(expires_in))


def needs_refresh(
    expires_at: dt.datetime | None, now: dt.datetime, margin: dt.timedelta = REFRESH_MARGIN
) -> bool:
    """Refresh when the access token expires within `margin` (or its expiry is unknown)."""
    return expires_at is None or expires_at - now <= margin
