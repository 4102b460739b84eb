"""Alembic environment: the URL comes from the app's settings unless a connection is given."""

from __future__ import annotations

import warnings
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SAWarning

from billing_app.db import create_db_engine
from billing_app.migrations import COMPARE_OPTIONS
from billing_app.models import metadata

config = context.config
# SQLite batch migrations copy a table and reflect the tables it refers to; SQLAlchemy cannot
# reflect the expression index on invoice (ix_invoice_number_order), which no copy touches.
warnings.filterwarnings(
    "ignore", message="Skipped unsupported reflection of expression-based index", category=SAWarning
)
if config.config_file_name and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run(connection: Connection) -> None:
    options: dict[str, Any] = dict(COMPARE_OPTIONS)
    context.configure(connection=connection, target_metadata=metadata, **options)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    from billing_app.config import load_settings

    with create_db_engine(load_settings().database_url).connect() as fresh:
        run(fresh)


main()
