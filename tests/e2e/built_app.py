"""Serve the frontend `reflex run --env prod` already built, again, without building.

    python -m tests.e2e.built_app PORT   (with REFLEX_WEB_WORKDIR from `copy_build`)

The backend starts as `reflex run --env prod --single-port` starts it after its build
(Granian, workers from GRANIAN_WORKERS, the built pages mounted on the same port), so
a second server costs seconds instead of a build. The build has its port baked into
one small module (`reflex-env-*.js`): `copy_build` copies the build and rewrites it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from reflex.utils import exec as reflex_exec
from reflex_base import constants
from reflex_base.environment import environment

from billing_app.migrations import ROOT

CLIENT = Path(constants.Dirs.STATIC)  # build/client


def copy_build(built_port: int, port: int, into: Path) -> Path:
    """A web folder holding a copy of `.web`'s built pages, pointed at `port`."""
    shutil.copytree(ROOT / ".web" / CLIENT, into / CLIENT)
    modules = list((into / CLIENT / "assets").glob("reflex-env-*.js"))
    if not modules:
        raise FileNotFoundError(f"no reflex-env module in {into / CLIENT}; build the app first")
    for module in modules:
        text = module.read_text()
        if f"localhost:{built_port}" not in text:
            raise ValueError(f"{module.name} does not point at port {built_port}: {text[:200]}")
        module.write_text(text.replace(f"localhost:{built_port}", f"localhost:{port}"))
        for compressed in module.parent.glob(f"{module.name}.*"):
            compressed.unlink()  # else the stale precompressed copy is served
    return into


def main(port: int) -> None:
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    reflex_exec.run_backend_prod("0.0.0.0", port, constants.LogLevel.INFO, True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
