"""One production build of the app for all browser tests, on a free port and its own database."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from billing_app.cli import DEMO_ACCOUNT
from billing_app.db import create_db_engine, session_scope
from billing_app.migrations import ROOT
from billing_app.models import metadata
from billing_app.services.account import ensure_account
from billing_app.services.demo_data import load_demo_data
from tests.conftest import IN_CI
from tests.e2e.serving import (
    CHROMIUM_ARGS,
    AppDidNotStart,
    app_env,
    free_port,
    reflex_prod,
    start_app,
    stop_app,
)
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.integrations.xero_spec import XeroSpecs, missing_spec_reason, spec_dir
from tests.services.accounting.conftest import provider_env


@dataclass(frozen=True)
class AccountingServers:
    xero: XeroServer
    qbo: QboServer


@pytest.fixture(scope="session")
def accounting_servers() -> Iterator[AccountingServers]:
    """Xero and QuickBooks on 127.0.0.1 for the whole session: the app is pointed at them
    when it starts. Xero's traffic is checked against its spec (`xero_follows_its_spec`) when
    the spec is at hand; under CI=true it must be."""
    directory = spec_dir()
    if directory is None and IN_CI:
        pytest.fail(f"{missing_spec_reason()} (mandatory under CI=true)")
    xero = XeroServer(XeroSpecs.load(directory) if directory else None).start()
    with QboServer() as qbo:
        yield AccountingServers(xero, qbo)
    xero.stop()


@pytest.fixture(autouse=True)
def xero_follows_its_spec(accounting_servers: AccountingServers) -> Iterator[None]:
    """The Xero server outlives each test: what its spec check refused during a test fails that
    test, as the `xero_server` fixture does for the integration tests."""
    before = len(accounting_servers.xero.violations)
    yield
    violations = accounting_servers.xero.violations[before:]
    if violations:
        pytest.fail("Xero spec violations:\n" + "\n".join(violations), pytrace=False)


@dataclass(frozen=True)
class RunningApp:
    url: str
    port: int  # the one built into the frontend bundle
    database_url: str


@pytest.fixture(scope="session")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, accounting_servers: AccountingServers
) -> Iterator[RunningApp]:
    folder = tmp_path_factory.mktemp("app")
    database_url = f"sqlite:///{folder / 'billing.db'}"
    port = free_port()
    providers = provider_env(accounting_servers.xero, accounting_servers.qbo)
    env = app_env(database_url, port, BILLING_PUBLIC_URL=f"http://127.0.0.1:{port}", **providers)
    subprocess.run(
        [sys.executable, "-m", "billing_app.cli", "setup"], cwd=ROOT, env=env, check=True
    )
    try:
        served = start_app(reflex_prod(port), env, folder / "app.log")
    except AppDidNotStart as error:
        pytest.fail(str(error))
    try:
        yield RunningApp(url=served.url, port=port, database_url=database_url)
    finally:
        stop_app(served)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    options = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    return options | ({"executable_path": chromium} if chromium else {})


@pytest.fixture(scope="module", autouse=True)
def fresh_demo_data(app_server: RunningApp) -> None:
    """Each test module starts from the same demo data, whatever the one before changed."""
    engine = create_db_engine(app_server.database_url)
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())
    with session_scope(engine) as session:
        ensure_account(session, legal_name=DEMO_ACCOUNT, country="IT", currency="EUR",
                       locale="it_IT")  # fmt: skip
        load_demo_data(session, today=dt.datetime.now(dt.UTC).date())
    engine.dispose()
