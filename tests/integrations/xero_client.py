"""The official xero-python SDK pointed at the Xero test server, as the app will use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xero_python.accounting import AccountingApi
from xero_python.api_client import ApiClient
from xero_python.api_client.oauth2 import OAuth2Token
from xero_python.identity import IdentityApi

from billing_app.integrations.xero_sdk import xero_client
from tests.integrations.xero_server import XeroServer


@dataclass
class XeroSdk:
    """One connected organisation: the SDK's clients plus the token it keeps refreshing."""

    server: XeroServer
    token: dict[str, Any]
    client: ApiClient = field(init=False)
    accounting: AccountingApi = field(init=False)
    identity: IdentityApi = field(init=False)

    def __post_init__(self) -> None:
        oauth2 = OAuth2Token(self.server.tokens.client_id, self.server.tokens.client_secret)
        self.client = xero_client(oauth2, lambda: self.token, self._save)
        self.accounting = AccountingApi(self.client, base_url=self.server.api_url)
        self.identity = IdentityApi(self.client, base_url=self.server.url)

    def _save(self, token: dict[str, Any]) -> None:
        self.token = token

    @property
    def tenant(self) -> str:
        return self.server.tenant.tenant_id
