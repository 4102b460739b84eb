"""Intuit's OAuth2 as a test server plays it: discovery, auto-approved authorize, token, revoke.

Authorization codes are single-use; every refresh rotates the refresh token (the old one then
answers `invalid_grant`, the strictest reading of Intuit's rotation); revoking a refresh token
also kills its access tokens; access tokens expire after `access_token_ttl` seconds.
"""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

Json = dict[str, Any]
CODE_BODY = tuple[int, Json]


@dataclass
class Grant:
    client_id: str
    realm_id: str
    refresh_token: str
    access_tokens: dict[str, float] = field(default_factory=dict)  # token → expiry (clock)


@dataclass
class OAuth:
    client_id: str
    client_secret: str
    realm_id: str
    access_token_ttl: float = 3600
    refresh_token_ttl: int = 8_726_400  # 101 days, as Intuit says
    redirect_uris: set[str] | None = None  # None: any redirect URI is registered
    clock: Callable[[], float] = time.time
    deny_next: bool = False  # the next authorization answers error=access_denied
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (redirect, realm)
    grants: dict[str, Grant] = field(default_factory=dict)  # live refresh token → grant

    def discovery(self, base: str) -> Json:
        return {
            "issuer": f"{base}/op/v1",
            "authorization_endpoint": f"{base}/connect/oauth2",
            "token_endpoint": f"{base}/oauth2/v1/tokens/bearer",
            "userinfo_endpoint": f"{base}/v1/openid_connect/userinfo",
            "revocation_endpoint": f"{base}/oauth2/v1/tokens/revoke",
            "jwks_uri": f"{base}/oauth2/v1/keys",
            "response_types_supported": ["code"],
            "scopes_supported": ["openid", "email", "profile", "com.intuit.quickbooks.accounting"],
        }

    def authorize(self, params: dict[str, str]) -> tuple[int, str]:
        """(302, redirect location) or (400, an error text for the browser)."""
        redirect = params.get("redirect_uri", "")
        if params.get("client_id") != self.client_id:
            return 400, "Unknown client_id."
        if not redirect or (self.redirect_uris is not None and redirect not in self.redirect_uris):
            return 400, f"redirect_uri {redirect!r} is not registered for this app."
        if params.get("response_type") != "code" or not params.get("scope"):
            return 400, "response_type must be code and scope must be given."
        state = params.get("state", "")
        if self.deny_next:
            self.deny_next = False
            return 302, f"{redirect}?{urlencode({'error': 'access_denied', 'state': state})}"
        code = "AB" + secrets.token_urlsafe(24)
        self.codes[code] = (redirect, self.realm_id)
        query = urlencode({"code": code, "state": state, "realmId": self.realm_id})
        return 302, f"{redirect}?{query}"

    def token(self, authorization: str, form: dict[str, str]) -> CODE_BODY:
        if not self._client_ok(authorization):
            return 401, {"error": "invalid_client"}
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            issued = self.codes.pop(form.get("code", ""), None)
            if issued is None or issued[0] != form.get("redirect_uri"):
                return 400, {"error": "invalid_grant"}
            return 200, self._issue(Grant(self.client_id, issued[1], ""))
        if grant_type == "refresh_token":
            grant = self.grants.pop(form.get("refresh_token", ""), None)
            if grant is None:
                return 400, {"error": "invalid_grant"}
            return 200, self._issue(grant)
        return 400, {"error": "unsupported_grant_type"}

    def revoke(self, authorization: str, token: str) -> CODE_BODY:
        if not self._client_ok(authorization):
            return 401, {"error": "invalid_client"}
        for refresh, grant in list(self.grants.items()):
            if token == refresh or token in grant.access_tokens:
                del self.grants[refresh]
        return 200, {}

    def bearer_realm(self, authorization: str) -> str | None:
        """The realm a live `Bearer` access token opens, or None."""
        token = authorization.removeprefix("Bearer ").strip()
        for grant in self.grants.values():
            expires = grant.access_tokens.get(token)
            if expires is not None and expires > self.clock():
                return grant.realm_id
        return None

    def expire_access_tokens(self) -> None:
        for grant in self.grants.values():
            grant.access_tokens = dict.fromkeys(grant.access_tokens, 0.0)

    def revoke_refresh_tokens(self, token: str | None = None) -> None:
        """Forget one refresh token (or all): the next refresh gets `invalid_grant`."""
        for refresh in list(self.grants):
            if token in (None, refresh):
                del self.grants[refresh]

    @property
    def refresh_tokens(self) -> list[str]:
        return list(self.grants)

    def _issue(self, grant: Grant) -> Json:
        access = "eyJ" + secrets.token_urlsafe(48)
        grant.refresh_token = "RT1-" + secrets.token_urlsafe(32)
        grant.access_tokens = {access: self.clock() + self.access_token_ttl}
        self.grants[grant.refresh_token] = grant
        return {
            "token_type": "bearer",
            "access_token": access,
            "refresh_token": grant.refresh_token,
            "expires_in": int(self.access_token_ttl),
            "x_refresh_token_expires_in": self.refresh_token_ttl,
        }

    def _client_ok(self, authorization: str) -> bool:
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        return authorization == f"Basic {expected}"
