"""Fixtures for the accounting integrations: the Xero test server, checked against Xero's spec."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from xero_python.api_client.oauth2 import TokenApi

from tests.conftest import require_or_skip
from tests.integrations.xero_client import XeroSdk
from tests.integrations.xero_server import XeroServer
from tests.integrations.xero_spec import XeroSpecs, missing_spec_reason, spec_dir


@pytest.fixture(scope="session")
def xero_specs() -> XeroSpecs:
    """Loaded once per session (about a second for the 900 kB Accounting spec)."""
    directory = spec_dir()
    if directory is None:
        require_or_skip(missing_spec_reason())
    assert directory is not None
    return XeroSpecs.load(directory)


@pytest.fixture
def xero_server(xero_specs: XeroSpecs) -> Iterator[XeroServer]:
    """A fresh organisation per test; the test fails if any traffic broke Xero's spec."""
    server = XeroServer(xero_specs).start()
    yield server
    server.stop()
    if server.violations:
        pytest.fail("Xero spec violations:\n" + "\n".join(server.violations), pytrace=False)


def pytest_configure(config: pytest.Config) -> None:
    # openapi-core cannot check OAuth2 security schemes (the server checks the bearer itself)
    config.addinivalue_line("filterwarnings", "ignore:Unsupported scheme type:UserWarning")


@pytest.fixture
def xero_sdk(xero_server: XeroServer, monkeypatch: pytest.MonkeyPatch) -> XeroSdk:
    """xero-python connected to the test server's organisation (token already granted)."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    monkeypatch.setattr(TokenApi, "refresh_token_url", xero_server.token_url)
    monkeypatch.setattr(TokenApi, "revoke_token_url", xero_server.revocation_url)
    return XeroSdk(xero_server, xero_server.grant_token())
