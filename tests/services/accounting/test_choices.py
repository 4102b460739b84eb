import pytest

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.services.accounting.choices import mapping_choices
from tests.services.accounting.test_connections import connect

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS


def test_xero_offers_its_revenue_accounts_revenue_tax_rates_items_and_bank_accounts(
    session, admin, xero_server
):
    connect(session, admin, XERO)
    choices = mapping_choices(session, admin, XERO)
    assert choices.sales_accounts == [("260", "Other Revenue"), ("200", "Sales")]
    assert ("OUTPUT2", "Standard 22%") in choices.tax_codes
    assert ("NONE", "No VAT") in choices.tax_codes
    assert ("SUPPORT-H", "Support hour") in choices.items
    assert choices.payment_accounts == [("090", "Business Bank Account")]
    assert xero_server.calls["GET Accounts"] == 1 and xero_server.calls["GET TaxRates"] == 1


def test_quickbooks_offers_items_for_sales_its_tax_codes_and_deposit_accounts(
    session, admin, qbo_server
):
    connect(session, admin, QBO)
    choices = mapping_choices(session, admin, QBO)
    services = qbo_server.find("Item", Name="Services")["Id"]
    assert (services, "Services") in choices.sales_accounts
    assert choices.items == choices.sales_accounts
    assert [name for _, name in choices.tax_codes] == ["10% IVA", "22% IVA", "Exempt"]
    assert [name for _, name in choices.payment_accounts] == ["Checking", "Undeposited Funds"]


@pytest.mark.parametrize("provider", list(Provider))
def test_no_choices_before_a_connect(session, admin, provider):
    with pytest.raises(BillingError) as refused:
        mapping_choices(session, admin, provider)
    assert refused.value.code == "reconnect_needed"


def test_a_clerk_cannot_see_the_choices(session, clerk):
    with pytest.raises(BillingError) as refused:
        mapping_choices(session, clerk, XERO)
    assert refused.value.code == "forbidden"
