import os
import subprocess
import sys

import sqlalchemy as sa

from billing_app.db import create_db_engine
from billing_app.migrations import ROOT

KEY = "test-key-" + "k" * 32


def setup(database_url: str, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "billing_app.cli", "setup", *extra],
        cwd=ROOT,
        env=os.environ | {"BILLING_DATABASE_URL": database_url, "BILLING_SECRET_KEY": KEY} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def count(url: str, table: str) -> int:
    with create_db_engine(url).connect() as connection:
        return int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_first_start_migrates_and_loads_demo_data_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'billing.db'}"
    first = setup(url)
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded" in first.stdout
    customers = count(url, "customer")
    second = setup(url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "Database is up to date."
    assert count(url, "customer") == customers > 0
    assert count(url, "account_settings") == 1
    assert count(url, "tax_rate") == 4  # the Italian rates, seeded once


def test_no_demo_gives_an_empty_account(tmp_path):
    url = f"sqlite:///{tmp_path / 'billing.db'}"
    assert setup(url, "--no-demo").returncode == 0
    assert count(url, "customer") == 0


def test_unreachable_database_is_one_line_naming_the_setting(tmp_path):
    result = setup("postgresql+psycopg://nobody@127.0.0.1:1/nowhere")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: BILLING_DATABASE_URL: cannot connect to")
    assert "Traceback" not in result.stderr


def test_unknown_currency_is_one_line_naming_the_setting(tmp_path):
    result = setup(f"sqlite:///{tmp_path / 'b.db'}", BILLING_CURRENCY="EUX")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: BILLING_CURRENCY: 'EUX' is not a known ISO 4217 currency code; "
        "use a code such as EUR, USD or GBP."
    )
    assert not (tmp_path / "b.db").exists()


def test_a_too_short_secret_key_stops_setup_in_one_line(tmp_path):
    result = setup(f"sqlite:///{tmp_path / 'b.db'}", BILLING_SECRET_KEY="short")
    assert result.returncode == 2
    assert result.stderr.startswith("error: BILLING_SECRET_KEY is too short")


def test_first_start_prints_a_generated_admin_password_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'billing.db'}"
    first = setup(url, "--no-demo")
    line = next(text for text in first.stdout.splitlines() if "first admin" in text)
    assert "admin@localhost.localdomain with the one-time password" in line
    again = setup(url, "--no-demo")
    assert "password" not in again.stdout
    assert count(url, "app_user") == 1


def test_first_admin_from_the_environment(tmp_path):
    url = f"sqlite:///{tmp_path / 'billing.db'}"
    result = setup(url, "--no-demo", BILLING_ADMIN_EMAIL="boss@msp.example",
                   BILLING_ADMIN_PASSWORD="a-very-long-password")  # fmt: skip
    assert "Created the first admin boss@msp.example with the password from" in result.stdout
    assert "a-very-long-password" not in result.stdout


def test_a_weak_admin_password_from_the_environment_is_one_line(tmp_path):
    result = setup(f"sqlite:///{tmp_path / 'b.db'}", BILLING_ADMIN_PASSWORD="short")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: BILLING_ADMIN_EMAIL / BILLING_ADMIN_PASSWORD: The password has 5"
    )


def test_demo_data_brings_one_user_per_role(tmp_path):
    url = f"sqlite:///{tmp_path / 'billing.db'}"
    assert setup(url).returncode == 0
    with create_db_engine(url).connect() as connection:
        roles = connection.execute(sa.text("SELECT DISTINCT role FROM app_user")).scalars().all()
    assert set(roles) == {"admin", "billing", "technician", "read_only"}
