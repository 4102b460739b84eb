from decimal import Decimal

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.models import Product
from billing_app.services.products import (
    ProductInput,
    list_products,
    save_product,
)
from tests import factories

D = Decimal


def ssd(**changes):
    values = {"sku": "SSD-1", "name": "SSD 1 TB", "unit_price": D("89.90"), "tax_rate": D(22)}
    return ProductInput(**(values | changes))


def test_a_clerk_adds_and_changes_a_product(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    product_id = save_product(session, clerk, None, ssd())
    save_product(session, clerk, product_id, ssd(unit_price=D("84.50")))
    (row,) = list_products(session, clerk, search="ssd").rows
    assert (row.id, row.unit_price, row.tax_rate) == (product_id, D("84.50"), D(22))
    assert list_products(session, clerk, search="laptop").rows == []


def test_every_bad_field_gets_its_own_message_and_nothing_is_saved(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    save_product(session, clerk, None, ssd())
    session.commit()
    bad = ssd(name=" ", unit_price=D("-1"), tax_rate=D(122))
    with pytest.raises(FieldErrors) as error:
        save_product(session, clerk, None, bad)
    assert set(error.value.fields) == {"sku", "name", "unit_price", "tax_rate"}
    assert error.value.fields["sku"] == "SKU SSD-1 is used by another product."
    session.rollback()
    assert len(session.exec(select(Product)).all()) == 1


def test_read_only_users_cannot_change_the_catalogue(session):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY))
    session.commit()
    with pytest.raises(BillingError) as error:
        save_product(session, viewer, None, ssd())
    assert error.value.code == "forbidden"
