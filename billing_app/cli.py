"""`python -m billing_app.cli setup`: migrate the database and load demo data on first start.

Bad configuration ends with one line naming the setting and the fix, exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from sqlmodel import Session

from billing_app.config import ConfigError, load_settings, secret_key
from billing_app.db import check_connection, create_db_engine, session_scope
from billing_app.domain.errors import BillingError
from billing_app.migrations import upgrade
from billing_app.services.account import ensure_account
from billing_app.services.demo_data import database_is_empty, load_demo_data
from billing_app.services.users import create_first_admin, has_users

DEMO_ACCOUNT = "Rete Sicura S.r.l."
DEFAULT_ADMIN = "admin@localhost.localdomain"


def setup(*, demo: bool) -> list[str]:
    """What was done, a line each; the first admin's password only when it was generated."""
    settings = load_settings()
    secret_key()
    engine = create_db_engine(settings.database_url)
    check_connection(engine)
    upgrade(engine)
    report = ["Database is up to date."]
    with session_scope(engine) as session:
        ensure_account(
            session,
            legal_name=DEMO_ACCOUNT,
            country=settings.country,
            currency=settings.currency,
            locale=settings.locale,
        )
        if not has_users(session):
            report.append(_first_admin(session))
        if demo and database_is_empty(session):
            summary = load_demo_data(session, today=dt.datetime.now(dt.UTC).date())
            report.append(
                f"Demo data loaded: {summary.customers} customers, {summary.tickets} tickets, "
                f"{summary.time_entries} time entries, {summary.users} demo users "
                "(passwords in the README)."
            )
    return report


def _first_admin(session: Session) -> str:
    email = os.environ.get("BILLING_ADMIN_EMAIL", "").strip() or DEFAULT_ADMIN
    given = os.environ.get("BILLING_ADMIN_PASSWORD", "")
    try:
        password = create_first_admin(session, email=email, password=given)
    except BillingError as error:
        raise ConfigError(
            f"BILLING_ADMIN_EMAIL / BILLING_ADMIN_PASSWORD: {error.message}"
        ) from None
    if given:
        return f"Created the first admin {email} with the password from BILLING_ADMIN_PASSWORD."
    return (
        f"Created the first admin {email} with the one-time password {password} "
        "(shown only now: sign in and keep it safe)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="billing_app.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    setup_parser = commands.add_parser("setup", help="migrate, and load demo data when empty")
    setup_parser.add_argument("--no-demo", action="store_true", help="never load demo data")
    args = parser.parse_args(argv)
    try:
        print("\n".join(setup(demo=not args.no_demo)))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
