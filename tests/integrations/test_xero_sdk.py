from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token

from billing_app.integrations.xero_sdk import xero_client


def test_the_sdk_configuration_ignores_the_token_of_every_later_call():
    """Why xero_client exists: if this ever passes no more, the SDK was fixed."""
    Configuration(oauth2_token=OAuth2Token("first-id", "first-secret"))
    token = OAuth2Token("later-id", "later-secret")
    assert Configuration(oauth2_token=token).oauth2_token is not token


def test_each_client_keeps_its_own_token_whatever_was_made_before():
    ApiClient(Configuration(oauth2_token=OAuth2Token()))
    empty = xero_client(OAuth2Token(), dict, lambda token: None)
    mine = xero_client(OAuth2Token("my-id", "my-secret"), dict, lambda token: None)
    assert mine.configuration.oauth2_token.client_id == "my-id"
    assert empty.configuration.oauth2_token.client_id is None


def test_booleans_are_written_as_the_spec_spells_them() -> None:
    """The SDK alone would send str(False): `summarizeErrors=False` (see XeroApiClient)."""
    client = xero_client(OAuth2Token(), dict, lambda token: None)
    query = client.parameters_to_tuples([("summarizeErrors", False), ("unitdp", 4)], {})
    assert query == [("summarizeErrors", "false"), ("unitdp", 4)]
    assert client.parameters_to_tuples({"IncludeArchived": True}, None) == [
        ("IncludeArchived", "true")
    ]
