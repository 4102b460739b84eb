"""Run the Alembic migrations from code (start-up, tests) and keep autogenerate honest."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel.sql.sqltypes import AutoString

from billing_app.models.types import Exact, UtcDateTime

ROOT = Path(__file__).resolve().parent.parent


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Write our column types as plain SQLAlchemy types: a migration must not change
    when the app's Python types do."""
    if type_ != "type":
        return False
    if isinstance(obj, Exact):
        return "sa.BigInteger()"
    if isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


COMPARE_OPTIONS: dict[str, Any] = {
    "compare_type": True,
    "render_item": render_item,
    "render_as_batch": True,
}


def alembic_config(connection: sa.engine.Connection | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def pending_changes(engine: Engine) -> list[Any]:
    """What autogenerate would still write: empty when models and migrations agree.
    Expression indexes cannot be compared (tests/models checks them by name)."""
    from billing_app.models import metadata

    with engine.connect() as connection, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*expression-based index")
        context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
        return list(compare_metadata(context, metadata))
