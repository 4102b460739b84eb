from decimal import Decimal

import pytest

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.integrations.export_invoice import XeroStatus
from billing_app.models import Product, TaxRate
from billing_app.services.accounting.mapping_form import mapping_form, save_mapping_form
from billing_app.services.accounting.mappings import MappingsInput
from tests import factories
from tests.services.accounting.test_connections import connect, row_of

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS
GOOD = MappingsInput(
    sales_account="200",
    tax_codes={"22": "OUTPUT2", "0": "NONE"},
    items={"SUPPORT": "SUPPORT-H"},
    payment_account="090",
    xero_status=XeroStatus.DRAFT,
    use_our_number=False,
    auto_export=True,
)


@pytest.fixture
def catalogue(session):
    factories.add(session, TaxRate(name="IVA 22%", rate=Decimal(22), position=0, is_default=True))
    factories.add(session, TaxRate(name="Esente", rate=Decimal(0), position=1))
    factories.add(session, Product(sku="SUP", name="Support", unit_price=Decimal(85),
                                   accounting_item_code="SUPPORT"))  # fmt: skip
    factories.add(session, Product(sku="OLD", name="No code", unit_price=Decimal(1)))
    session.commit()


def test_the_form_offers_the_named_rates_and_the_products_with_an_item_code(
    session, admin, catalogue
):
    connect(session, admin, XERO)
    form = mapping_form(session, admin, XERO)
    assert [r.value for r in form.tax_rates] == ["22", "0"]
    assert form.products == [("SUPPORT", "SUP · Support")]
    assert form.saved == MappingsInput()


def test_good_choices_are_saved_and_read_back(session, admin, catalogue):
    connect(session, admin, XERO)
    save_mapping_form(session, admin, XERO, GOOD)
    session.commit()
    assert mapping_form(session, admin, XERO).saved == GOOD
    assert row_of(session, XERO).mappings["payment_account"] == "090"


def test_every_wrong_field_gets_its_own_message_and_nothing_is_saved(session, admin, catalogue):
    connect(session, admin, XERO)
    bad = MappingsInput(sales_account="", tax_codes={"22": "GONE"}, items={"SUPPORT": "NOPE"},
                        payment_account="200")  # fmt: skip
    with pytest.raises(FieldErrors) as refused:
        save_mapping_form(session, admin, XERO, bad)
    assert set(refused.value.fields) == {
        "sales_account", "tax_22", "tax_0", "item_SUPPORT", "payment_account",
    }  # fmt: skip
    assert "Choose where sales are booked in Xero" in refused.value.fields["sales_account"]
    assert "Xero has no tax code 'GONE'" in refused.value.fields["tax_22"]
    assert "tax code for Esente" in refused.value.fields["tax_0"]
    session.rollback()
    assert row_of(session, XERO).mappings == {}


def test_quickbooks_mappings_take_its_item_and_tax_code_ids(session, admin, catalogue, qbo_server):
    connect(session, admin, QBO)
    item = qbo_server.find("Item", Name="Services")["Id"]
    codes = {"22": qbo_server.find("TaxCode", Name="22% IVA")["Id"],
             "0": qbo_server.find("TaxCode", Name="Exempt")["Id"]}  # fmt: skip
    save_mapping_form(session, admin, QBO, MappingsInput(sales_account=item, tax_codes=codes))
    session.commit()
    assert mapping_form(session, admin, QBO).saved.sales_account == item


def test_a_clerk_cannot_open_the_form(session, clerk):
    with pytest.raises(BillingError) as refused:
        mapping_form(session, clerk, XERO)
    assert refused.value.code == "forbidden"
