"""Serving the app in a child process on a free port, for the browser tests and the benchmarks.

`reflex run --env prod --single-port` compiles and builds the frontend (a minute or more)
into `.web`, with the port baked into the bundle; `built_app.py` serves a copy of that build
again on another port without building (seconds).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from billing_app.migrations import ROOT

START_TIMEOUT_SECONDS = 600
SECRET_KEY = "e2e-" + "k" * 40
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class AppDidNotStart(Exception):
    """The app exited or did not answer; the message ends with its log."""


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    """The app's settings: its database and port; Redis only when `extra` names it."""
    env = os.environ | {
        "BILLING_DATABASE_URL": database_url,
        "BILLING_PORT": str(port),
        "BILLING_SECRET_KEY": SECRET_KEY,
        "BILLING_PAYMENT_SYNC_SECONDS": "0",  # no scheduled sync: e2e timing stays the tests'
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PATH": f"{ROOT / '.tools/node_modules/.bin'}{os.pathsep}{os.environ['PATH']}",
    }
    env.pop("BILLING_REDIS_URL", None)
    return env | extra


def reflex_prod(port: int) -> list[str]:
    """Build, then serve frontend and backend on one port, as `make run` does."""
    reflex = str(Path(sys.executable).parent / "reflex")
    ports = ["--frontend-port", str(port), "--backend-port", str(port)]
    return [reflex, "run", "--env", "prod", "--single-port", *ports]


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AppDidNotStart(
                f"the app exited with {process.returncode}:\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AppDidNotStart(
        f"the app did not answer within {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-4000:]}"
    )


def start_app(command: list[str], env: dict[str, str], log: Path) -> Served:
    """Started and answering on BILLING_PORT; stop it with `stop_app`."""
    port = int(env["BILLING_PORT"])
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Served(url=f"http://127.0.0.1:{port}", port=port, process=process)
    try:
        wait_until_serving(served.url, process, log)
    except AppDidNotStart:
        stop_app(served)
        raise
    return served


def stop_app(served: Served) -> None:
    """The app's whole process group: the server and its workers."""
    os.killpg(served.process.pid, signal.SIGTERM)
    try:
        served.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(served.process.pid, signal.SIGKILL)
