"""One production build of the app for all browser tests, on a free port and its own database."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from billing_app.cli import DEMO_ACCOUNT
from billing_app.db import create_db_engine, session_scope
from billing_app.migrations import ROOT
from billing_app.models import metadata
from billing_app.services.account import ensure_account
from billing_app.services.demo_data import load_demo_data

START_TIMEOUT_SECONDS = 600
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class RunningApp:
    url: str
    database_url: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    pytest.fail(
        f"the app did not answer within {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-4000:]}"
    )


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    folder = tmp_path_factory.mktemp("app")
    database_url = f"sqlite:///{folder / 'billing.db'}"
    port = free_port()
    env = os.environ | {
        "BILLING_DATABASE_URL": database_url,
        "BILLING_PORT": str(port),
        "BILLING_SECRET_KEY": "e2e-" + "k" * 40,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PATH": f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("BILLING_REDIS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "billing_app.cli", "setup"], cwd=ROOT, env=env, check=True
    )
    log = folder / "app.log"
    reflex = str(Path(sys.executable).parent / "reflex")
    command = [reflex, "run", "--env", "prod", "--single-port"]
    command += ["--frontend-port", str(port), "--backend-port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, log)
        yield RunningApp(url=url, database_url=database_url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


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
