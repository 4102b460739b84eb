import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from billing_app.db import create_db_engine
from billing_app.migrations import ROOT, alembic_config, pending_changes, upgrade
from billing_app.models import metadata


def test_models_and_migrations_agree(engine):
    assert pending_changes(engine) == []


def test_the_agreement_check_sees_a_missing_index(engine):
    index = next(i for i in metadata.tables["invoice"].indexes if i.name == "ix_invoice_status")
    index.drop(engine)
    try:
        assert any("ix_invoice_status" in str(change) for change in pending_changes(engine))
    finally:
        index.create(engine)  # the PostgreSQL test database is shared by the whole run


@pytest.mark.parametrize(
    ("table", "index"), [("invoice", "ix_invoice_number_order"), ("tax_rate", "uq_tax_rate_name")]
)
def test_expression_indexes_exist(engine, table, index):
    """The agreement check cannot see expression indexes, so this test does."""
    listing = (
        f"SELECT indexname FROM pg_indexes WHERE tablename = '{table}'"
        if engine.dialect.name == "postgresql"
        else f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}'"
    )
    with engine.connect() as connection:
        names = set(connection.execute(sa.text(listing)).scalars())
    assert index in names


def test_downgrade_to_nothing_and_upgrade_again(engine):
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert set(metadata.tables) <= set(sa.inspect(engine).get_table_names())


def run_cli(args: list[str], database: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"BILLING_DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def table_names(database: Path) -> set[str]:
    return set(sa.inspect(create_db_engine(f"sqlite:///{database}")).get_table_names())


def test_alembic_upgrade_head_creates_the_schema_in_an_empty_sqlite_file(tmp_path):
    result = run_cli([sys.executable, "-m", "alembic", "upgrade", "head"], tmp_path / "a.db")
    assert result.returncode == 0, result.stderr
    assert set(metadata.tables) <= table_names(tmp_path / "a.db")


def test_reflex_db_migrate_creates_the_schema_in_an_empty_sqlite_file(tmp_path):
    reflex = Path(sys.executable).parent / "reflex"
    result = run_cli([str(reflex), "db", "migrate"], tmp_path / "r.db")
    assert result.returncode == 0, result.stderr
    assert set(metadata.tables) <= table_names(tmp_path / "r.db")
