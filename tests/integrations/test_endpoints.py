import pytest

from billing_app.config import ConfigError
from billing_app.integrations.endpoints import quickbooks_endpoints, xero_endpoints


def test_without_settings_the_endpoints_are_the_real_ones():
    xero = xero_endpoints({})
    assert (xero.api_url, xero.authorize_url, xero.token_url, xero.revoke_url) == (
        "https://api.xero.com/api.xro/2.0",
        "https://login.xero.com/identity/connect/authorize",
        "https://identity.xero.com/connect/token",
        "https://identity.xero.com/connect/revocation",
    )
    assert xero.identity_api_url == "https://api.xero.com"
    qbo = quickbooks_endpoints({})
    assert (qbo.api_url_v3, qbo.discovery_url, qbo.sandbox) == (
        "https://quickbooks.api.intuit.com/v3",
        "https://developer.intuit.com/.well-known/openid_configuration/",
        False,
    )


def test_a_test_server_moves_the_token_and_revocation_urls_with_the_identity_url():
    xero = xero_endpoints({
        "XERO_IDENTITY_URL": "http://127.0.0.1:8123/", "XERO_API_URL": "http://127.0.0.1:8123/api.xro/2.0",
        "XERO_CONNECTIONS_URL": "http://127.0.0.1:8123/connections",
        "XERO_CLIENT_ID": " app-id ", "XERO_REDIRECT_URI": "http://localhost:3000/oauth/xero",
    })  # fmt: skip
    assert xero.token_url == "http://127.0.0.1:8123/connect/token"
    assert xero.revoke_url == "http://127.0.0.1:8123/connect/revocation"
    assert xero.identity_api_url == "http://127.0.0.1:8123"
    assert (xero.client_id, xero.redirect_uri) == ("app-id", "http://localhost:3000/oauth/xero")


def test_the_quickbooks_sandbox_flag_switches_both_defaults():
    qbo = quickbooks_endpoints({"QBO_SANDBOX": "1"})
    assert qbo.api_url == "https://sandbox-quickbooks.api.intuit.com"
    assert "openid_sandbox_configuration" in qbo.discovery_url
    explicit = quickbooks_endpoints({"QBO_SANDBOX": "1", "QBO_API_URL": "http://127.0.0.1:9/"})
    assert explicit.api_url_v3 == "http://127.0.0.1:9/v3"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"XERO_API_URL": "api.xero.com"}, "XERO_API_URL 'api.xero.com' is not an http(s) URL"),
        ({"XERO_TOKEN_URL": "ftp://x/token"}, "XERO_TOKEN_URL 'ftp://x/token' is not an http(s)"),
        ({"XERO_CONNECTIONS_URL": "https://api.xero.com/tenants"}, "must end with /connections"),
    ],
)
def test_a_bad_xero_url_is_one_line_naming_the_variable(variables, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        xero_endpoints(variables)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"QBO_API_URL": "https://quickbooks.api.intuit.com/v3"}, "ends with /v3; leave it out"),
        ({"QBO_DISCOVERY_URL": "nowhere"}, "QBO_DISCOVERY_URL 'nowhere' is not an http"),
        ({"QBO_SANDBOX": "maybe"}, "QBO_SANDBOX 'maybe' is not a yes/no value"),
    ],
)
def test_a_bad_quickbooks_setting_is_one_line_naming_the_variable(variables, message):
    with pytest.raises(ConfigError, match=message):
        quickbooks_endpoints(variables)
