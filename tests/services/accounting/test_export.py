"""Exporting through the stored connection: the pages' entry point, against both test servers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import InvoiceBatch
from billing_app.services.accounting.connections import disconnect
from billing_app.services.accounting.export import (
    batch_invoice_ids,
    connected_providers,
    export_invoices_to,
)
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.mappings import MappingsInput, save_mappings
from billing_app.services.actor import Actor
from tests import factories
from tests.integrations.qbo_server import QboServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_connections import connect

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS


@pytest.fixture
def drafts(session: Session) -> list[int]:
    setup.account(session)
    return setup.drafts(session, setup.customers(session, 2), 3)


def map_everything(session: Session, admin: Actor, provider: Provider, qbo: QboServer) -> None:
    if provider is XERO:
        data = MappingsInput(sales_account="200", tax_codes={"22": "OUTPUT2"})
    else:
        item, tax = qbo.find("Item", Name="Services"), qbo.find("TaxCode", Name="22% IVA")
        data = MappingsInput(sales_account=item["Id"], tax_codes={"22": tax["Id"]})
    save_mappings(session, admin, provider, data)
    session.commit()


@pytest.mark.parametrize("provider", list(Provider))
def test_exporting_before_connecting_says_to_connect_first(session, admin, drafts, provider):
    with pytest.raises(BillingError) as refused:
        export_invoices_to(session, admin, provider, drafts)
    assert refused.value.code == "not_connected"
    assert refused.value.message == f"Connect {provider.label} in Admin > Accounting first."
    assert connected_providers(session, admin) == []


def test_exporting_after_a_disconnect_says_to_connect_first(session, admin, drafts):
    connect(session, admin, XERO)
    disconnect(session, admin, XERO)
    session.commit()
    with pytest.raises(BillingError, match=r"^Connect Xero in Admin > Accounting first\.$"):
        export_invoices_to(session, admin, XERO, drafts)


@pytest.mark.parametrize("provider", list(Provider))
def test_a_connected_provider_exports_the_invoices_and_marks_them_exported(
    session, admin, drafts, provider, qbo_server
):
    connect(session, admin, provider)
    map_everything(session, admin, provider, qbo_server)
    assert connected_providers(session, admin) == [provider]
    results = export_invoices_to(session, admin, provider, drafts)
    assert [r.invoice_id for r in results] == drafts
    assert {r.outcome for r in results} == {Outcome.EXPORTED}, [r.message for r in results]
    assert all(r.external_id for r in results)
    statuses = {setup.by_id(session, i).status for i in drafts}
    assert statuses == {InvoiceStatus.EXPORTED}


@pytest.mark.parametrize("provider", list(Provider))
def test_missing_mappings_are_reported_per_invoice_and_nothing_is_exported(
    session, admin, drafts, provider
):
    connect(session, admin, provider)
    results = export_invoices_to(session, admin, provider, drafts)
    assert {r.outcome for r in results} == {Outcome.MISSING_MAPPING}
    assert all(r.message for r in results)
    assert {setup.by_id(session, i).status for i in drafts} == {InvoiceStatus.DRAFT}


def test_both_connected_providers_are_listed_in_order(session, admin):
    connect(session, admin, QBO)
    connect(session, admin, XERO)
    assert connected_providers(session, admin) == [XERO, QBO]


def test_a_viewer_sees_the_connected_providers_a_technician_does_not(session, admin):
    connect(session, admin, XERO)
    viewer, technician = setup.actor(session, Role.READ_ONLY), setup.actor(session, Role.TECHNICIAN)
    session.commit()
    assert connected_providers(session, viewer) == [XERO]
    with pytest.raises(BillingError, match="cannot see where invoices can be exported"):
        connected_providers(session, technician)


def test_a_batch_lists_its_invoices_in_order_and_an_unknown_batch_is_refused(session, admin):
    setup.account(session)
    batch = factories.add(session, InvoiceBatch(name="November", period_start=dt.date(2026, 11, 1),
                                                period_end=dt.date(2026, 11, 30)))  # fmt: skip
    owner = setup.customers(session, 1)[0]
    ids = [factories.invoice(session, owner, batch_id=batch.id).id for _ in range(2)]
    factories.invoice(session, owner)  # in no batch
    session.commit()
    assert batch_invoice_ids(session, admin, batch.id) == ids
    with pytest.raises(BillingError, match="does not exist"):
        batch_invoice_ids(session, admin, batch.id + 1)


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.READ_ONLY])
def test_roles_without_billing_changes_cannot_export(session, admin, drafts, role):
    connect(session, admin, XERO)
    outsider = setup.actor(session, role)
    session.commit()
    with pytest.raises(BillingError) as refused:
        export_invoices_to(session, outsider, XERO, drafts)
    assert refused.value.code == "forbidden"
    assert {setup.by_id(session, i).status for i in drafts} == {InvoiceStatus.DRAFT}
