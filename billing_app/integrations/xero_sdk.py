"""xero-python's ApiClient, each with its own OAuth2 token.

The SDK's `Configuration` is built by a metaclass that keeps the FIRST instance made in the
process and hands out copies of it, ignoring the arguments of every later call: a client made
after another would silently carry the other's token (and its client id and secret). So the
token is set on the copy after it is made.

Its parameters are also written as Xero's OpenAPI spec spells them (`XeroApiClient`): the SDK
would send a boolean as Python prints it (`summarizeErrors=False`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token


class XeroApiClient(ApiClient):  # type: ignore[misc]  # the SDK is untyped
    """An ApiClient that writes boolean parameters as `true`/`false`.

    The SDK puts a bool argument such as `summarize_errors=False` into the query as is, and
    urllib's urlencode writes Python's str(False): `?summarizeErrors=False`. Xero's spec declares
    the parameter a boolean, whose spelling in a query string is `false`. Every path, query,
    header and form parameter passes through `parameters_to_tuples`, so this one place fixes
    every call, whoever makes it (XeroCalls.call, the identity calls, the tests' SDK)."""

    def parameters_to_tuples(self, params: Any, collection_formats: Any) -> list[tuple[str, Any]]:
        tuples = super().parameters_to_tuples(params, collection_formats)
        return [(name, _spec_value(value)) for name, value in tuples]


def _spec_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def xero_client(
    token: OAuth2Token,
    getter: Callable[[], dict[str, Any]],
    saver: Callable[[dict[str, Any]], None],
) -> ApiClient:
    configuration = Configuration()
    configuration.oauth2_token = token
    return XeroApiClient(configuration, oauth2_token_getter=getter, oauth2_token_saver=saver)
