from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import StatementError
from sqlmodel import func, select

from billing_app.models import Product
from billing_app.models.types import Exact

D = Decimal
AWKWARD = [D("12345678901234.5678"), D("0.0001"), D("-987654321.1234"), D("0.1") + D("0.2"), D(0)]


@pytest.mark.parametrize("amount", AWKWARD)
def test_exact_columns_round_trip_every_digit(session, amount):
    session.add(Product(sku="X", name="Probe", unit_price=amount))
    session.commit()
    session.expunge_all()
    stored = session.exec(select(Product.unit_price)).one()
    assert stored == amount
    assert isinstance(stored, Decimal)


def test_sums_in_sql_are_exact(session):
    for index in range(10):
        session.add(Product(sku=f"P{index}", name="Probe", unit_price=D("0.1")))
    session.add(Product(sku="BIG", name="Probe", unit_price=D("99999999999.9999")))
    session.commit()
    total = session.exec(select(func.sum(Product.unit_price))).one()
    assert total == D("100000000000.9999")


def test_sqlite_numeric_would_have_lost_digits(tmp_path):
    """Why `Exact` exists: SQLite stores NUMERIC through a float."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'n.db'}")
    table = sa.Table("t", sa.MetaData(), sa.Column("v", sa.Numeric(20, 4)))
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), {"v": D("12345678901234.5678")})
        assert connection.execute(sa.select(table.c.v)).scalar() != D("12345678901234.5678")


def test_more_decimals_than_stored_are_refused_not_rounded(session):
    session.add(Product(sku="X", name="Probe", unit_price=D("1.00005")))
    with pytest.raises(StatementError, match="more than 4 decimals"):
        session.commit()


def test_floats_are_refused(session):
    session.add(Product(sku="X", name="Probe", unit_price=0.1))
    with pytest.raises(StatementError, match="take Decimal, not float"):
        session.commit()


def test_exact_compares_with_decimals_in_queries(session):
    session.add_all(
        [
            Product(sku="A", name="Cheap", unit_price=D("9.99")),
            Product(sku="B", name="Dear", unit_price=D("10.01")),
        ]
    )
    session.commit()
    names = session.exec(select(Product.name).where(Product.unit_price > D("10"))).all()
    assert names == ["Dear"]


def test_exact_scale_is_configurable():
    assert Exact(2).process_bind_param(D("1.23"), sa.engine.default.DefaultDialect()) == 123
