"""The Xero test server's fixtures, for the export services."""

from tests.integrations.conftest import pytest_configure, xero_server, xero_specs

__all__ = ["pytest_configure", "xero_server", "xero_specs"]
