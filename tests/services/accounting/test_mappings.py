import pytest

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.integrations.export_invoice import ExportMappings, XeroStatus
from billing_app.models import AccountingConnection
from billing_app.services.accounting.mappings import MappingsInput, mappings_of, save_mappings
from tests import factories

CHOSEN = MappingsInput(
    sales_account=" 200 ", tax_codes={"22": "OUTPUT2", "": "x", "10": " "}, items={"SKU-1": "I1"},
    payment_account="090", xero_status=XeroStatus.DRAFT, use_our_number=False, auto_export=True,
)  # fmt: skip


def test_saved_mappings_convert_to_the_export_mappings(session, admin):
    row = factories.add(session, AccountingConnection(provider=Provider.XERO))
    save_mappings(session, admin, Provider.XERO, CHOSEN)
    assert mappings_of(row) == ExportMappings(
        provider=Provider.XERO, sales_account="200", tax_codes={"22": "OUTPUT2"},
        items={"SKU-1": "I1"}, xero_status=XeroStatus.DRAFT, use_our_number=False,
    )  # fmt: skip
    assert row.auto_export and row.mappings["payment_account"] == "090"


def test_an_empty_or_damaged_mapping_reads_as_the_defaults(session):
    row = AccountingConnection(provider=Provider.QUICKBOOKS,
                               mappings={"tax_codes": "oops", "xero_status": "PAID"})  # fmt: skip
    assert mappings_of(row) == ExportMappings(provider=Provider.QUICKBOOKS)


def test_mapping_an_unconnected_provider_is_refused(session, admin):
    with pytest.raises(BillingError, match="Connect QuickBooks Online before"):
        save_mappings(session, admin, Provider.QUICKBOOKS, CHOSEN)


def test_a_clerk_cannot_change_the_mappings(session, clerk):
    with pytest.raises(BillingError) as refused:
        save_mappings(session, clerk, Provider.XERO, CHOSEN)
    assert refused.value.code == "forbidden"
