"""xero-python's ApiClient, each with its own OAuth2 token.

The SDK's `Configuration` is built by a metaclass that keeps the FIRST instance made in the
process and hands out copies of it, ignoring the arguments of every later call: a client made
after another would silently carry the other's token (and its client id and secret). So the
token is set on the copy after it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token


def xero_client(
    token: OAuth2Token,
    getter: Callable[[], dict[str, Any]],
    saver: Callable[[dict[str, Any]], None],
) -> ApiClient:
    configuration = Configuration()
    configuration.oauth2_token = token
    return ApiClient(configuration, oauth2_token_getter=getter, oauth2_token_saver=saver)
