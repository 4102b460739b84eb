"""`python -m billing_app.cli setup`: migrate the database and load demo data on first start.

Bad configuration ends with one line naming the setting and the fix, exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from billing_app.config import ConfigError, load_settings, secret_key
from billing_app.db import check_connection, create_db_engine, session_scope
from billing_app.migrations import upgrade
from billing_app.services.account import ensure_account
from billing_app.services.demo_data import database_is_empty, load_demo_data

DEMO_ACCOUNT = "Rete Sicura S.r.l."


def setup(*, demo: bool) -> str:
    settings = load_settings()
    secret_key()
    engine = create_db_engine(settings.database_url)
    check_connection(engine)
    upgrade(engine)
    with session_scope(engine) as session:
        ensure_account(
            session,
            legal_name=DEMO_ACCOUNT,
            country=settings.country,
            currency=settings.currency,
            locale=settings.locale,
        )
        if not (demo and database_is_empty(session)):
            return "Database is up to date."
        summary = load_demo_data(session, today=dt.datetime.now(dt.UTC).date())
    return (
        f"Database is up to date; demo data loaded: {summary.customers} customers, "
        f"{summary.tickets} tickets, {summary.time_entries} time entries."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="billing_app.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    setup_parser = commands.add_parser("setup", help="migrate, and load demo data when empty")
    setup_parser.add_argument("--no-demo", action="store_true", help="never load demo data")
    args = parser.parse_args(argv)
    try:
        print(setup(demo=not args.no_demo))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
