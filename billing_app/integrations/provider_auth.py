"""OAuth2 with each provider through its official SDK: the authorization URL, the code exchange,
refresh, revocation and (Xero) the organisations a consent covers. A thin HTTP shell: no DB.

xero-python has no code exchange of its own, so `_XeroTokenApi` posts it through the SDK's
`TokenApi` HTTP layer, like its refresh. intuit-oauth reads the discovery document given as
`environment`, so every Intuit URL follows QBO_DISCOVERY_URL.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Protocol

import urllib3
from intuitlib.client import AuthClient
from intuitlib.enums import Scopes
from intuitlib.exceptions import AuthClientError
from xero_python.api_client.oauth2 import OAuth2Token, TokenApi
from xero_python.exceptions import ApiException
from xero_python.identity import IdentityApi

from billing_app.integrations.endpoints import QuickBooksEndpoints, XeroEndpoints
from billing_app.integrations.oauth import authorization_url
from billing_app.integrations.xero_sdk import xero_client


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class Tenant:
    id: str
    name: str


class InvalidGrant(Exception):
    """The provider refused the code or refresh token (`invalid_grant`): only a new consent
    helps."""


class ProviderUnreachable(Exception):
    """Any other failure talking to the provider; the message says what it answered."""


class ProviderAuth(Protocol):
    def authorization_url(self, state: str) -> str: ...
    def exchange(self, code: str) -> TokenSet: ...
    def refresh(self, refresh_token: str) -> TokenSet: ...
    def revoke(self, refresh_token: str) -> None: ...
    def tenants(self, access_token: str) -> list[Tenant]: ...


def _token_set(data: dict[str, Any]) -> TokenSet:
    return TokenSet(data["access_token"], data.get("refresh_token") or "",
                    int(data.get("expires_in") or 0))  # fmt: skip


def _refused(body: str) -> bool:
    return "invalid_grant" in body


class _XeroTokenApi(TokenApi):  # type: ignore[misc]  # the SDK has no type hints
    def exchange_code(self, code: str, redirect_uri: str) -> dict[str, Any]:
        response, _status, _headers = self.api_client.call_api(
            self.refresh_token_url,
            "POST",
            header_params={"Accept": "application/json",
                           "Content-Type": "application/x-www-form-urlencoded"},
            post_params={"grant_type": "authorization_code", "code": code,
                         "redirect_uri": redirect_uri, "client_id": self.client_id,
                         "client_secret": self.client_secret},
            auth_settings=None,
            _preload_content=False,
        )  # fmt: skip
        token: dict[str, Any] = self.parse_token_response(response)
        return token


class XeroAuth:
    def __init__(self, endpoints: XeroEndpoints) -> None:
        self.endpoints = endpoints
        self._token: dict[str, Any] = {}
        oauth2 = OAuth2Token(endpoints.client_id, endpoints.client_secret)
        self.client = xero_client(oauth2, lambda: self._token, self._save)

    def _save(self, token: dict[str, Any]) -> None:
        self._token = token

    def _token_api(self) -> _XeroTokenApi:
        api = _XeroTokenApi(self.client, self.endpoints.client_id, self.endpoints.client_secret)
        api.refresh_token_url = self.endpoints.token_url
        api.revoke_token_url = self.endpoints.revoke_url
        return api

    def authorization_url(self, state: str) -> str:
        e = self.endpoints
        return authorization_url(
            e.authorize_url,
            client_id=e.client_id,
            redirect_uri=e.redirect_uri,
            scopes=e.scopes,
            state=state,
        )

    def exchange(self, code: str) -> TokenSet:
        return self._call(lambda api: api.exchange_code(code, self.endpoints.redirect_uri))

    def refresh(self, refresh_token: str) -> TokenSet:
        return self._call(
            lambda api: api.refresh_token(refresh_token, self.endpoints.scopes.split())
        )

    def revoke(self, refresh_token: str) -> None:
        try:
            self._token_api().revoke_token(refresh_token)
        except ApiException as error:
            raise ProviderUnreachable(f"Xero answered {error.status}: {error.body!r}") from None
        except urllib3.exceptions.HTTPError as error:
            raise ProviderUnreachable(f"Xero could not be reached: {error}") from None

    def tenants(self, access_token: str) -> list[Tenant]:
        # the SDK wants a whole token; this one is fresh (the caller just got or refreshed it)
        self._token = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 600,
            "expires_at": time.time() + 600,
            "scope": self.endpoints.scopes.split(),
        }
        identity = IdentityApi(self.client, base_url=self.endpoints.identity_api_url)
        try:
            connections = identity.get_connections()
        except ApiException as error:
            raise ProviderUnreachable(f"Xero answered {error.status}: {error.body!r}") from None
        except urllib3.exceptions.HTTPError as error:
            raise ProviderUnreachable(f"Xero could not be reached: {error}") from None
        return [Tenant(str(c.tenant_id), c.tenant_name or "") for c in connections
                if c.tenant_type in (None, "ORGANISATION")]  # fmt: skip

    def _call(self, fn: Any) -> TokenSet:
        try:
            return _token_set(fn(self._token_api()))
        except ApiException as error:
            body = error.body.decode() if isinstance(error.body, bytes) else str(error.body)
            if _refused(body):
                raise InvalidGrant(body) from None
            raise ProviderUnreachable(f"Xero answered {error.status}: {body}") from None
        except urllib3.exceptions.HTTPError as error:
            raise ProviderUnreachable(f"Xero could not be reached: {error}") from None


class QuickBooksAuth:
    def __init__(self, endpoints: QuickBooksEndpoints) -> None:
        self.endpoints = endpoints
        self.realm_id = ""

    def _client(self) -> AuthClient:
        e = self.endpoints
        try:
            return AuthClient(e.client_id, e.client_secret, e.redirect_uri, e.discovery_url)
        except Exception as error:  # the discovery document is fetched here
            raise ProviderUnreachable(f"QuickBooks discovery failed: {error}") from None

    def authorization_url(self, state: str) -> str:
        scopes = [s for s in Scopes if s.value in self.endpoints.scopes.split()] or [
            Scopes.ACCOUNTING
        ]
        url: str = self._client().get_authorization_url(scopes, state_token=state)
        return url

    def exchange(self, code: str) -> TokenSet:
        client = self._client()
        self._call(lambda: client.get_bearer_token(code, realm_id=self.realm_id or None))
        return TokenSet(client.access_token, client.refresh_token, int(client.expires_in or 0))

    def refresh(self, refresh_token: str) -> TokenSet:
        client = self._client()
        self._call(lambda: client.refresh(refresh_token=refresh_token))
        return TokenSet(client.access_token, client.refresh_token, int(client.expires_in or 0))

    def revoke(self, refresh_token: str) -> None:
        client = self._client()
        try:
            self._call(lambda: client.revoke(token=refresh_token))
        except InvalidGrant as error:
            raise ProviderUnreachable(str(error)) from None

    def tenants(self, access_token: str) -> list[Tenant]:
        return [Tenant(self.realm_id, "")] if self.realm_id else []

    @staticmethod
    def _call(fn: Any) -> None:
        try:
            fn()
        except AuthClientError as error:
            body = error.content.decode(errors="replace") if error.content else ""
            if _refused(body):
                raise InvalidGrant(body) from None
            raise ProviderUnreachable(f"QuickBooks answered {error.status_code}: {body}") from None
        except (OSError, json.JSONDecodeError) as error:
            raise ProviderUnreachable(f"QuickBooks could not be reached: {error}") from None


def provider_auth(endpoints: XeroEndpoints | QuickBooksEndpoints) -> XeroAuth | QuickBooksAuth:
    """The OAuth client of the provider these endpoints (and app credentials) are for."""
    if isinstance(endpoints, XeroEndpoints):
        return XeroAuth(endpoints)
    return QuickBooksAuth(endpoints)
