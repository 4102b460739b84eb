"""Auto-export: a saved batch goes by itself to the connected providers that have it on, and
the batch stays saved whatever the provider does."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import TicketStatus
from billing_app.models import ExportRecord, Invoice, InvoiceBatch
from billing_app.services.accounting.auto_export import (
    AutoExport,
    auto_export_providers,
    auto_export_to,
)
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.mappings import mappings_input, save_mappings
from billing_app.services.actor import Actor
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.save import save_batch
from tests import factories
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_connections import connect, row_of, stored_refresh_token
from tests.services.accounting.test_export import map_everything

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def worked(session: Session, name: str, tax_rate: Decimal = Decimal(22)) -> None:
    """A customer on an hourly contract with a closed ticket worked in October."""
    owner = factories.customer(session, name=name, billing_emails="ap@example.com")
    contract = factories.contract(session, owner, tax_rate=tax_rate)
    ticket = factories.ticket(session, owner, contract_id=contract.id, status=TicketStatus.CLOSED)
    factories.time_entry(session, ticket, duration_minutes=60)
    session.commit()


@pytest.fixture
def work(session: Session) -> None:
    setup.account(session)
    worked(session, "Acme S.r.l.")
    worked(session, "Beta S.p.A.")


def auto_export(session: Session, admin: Actor, provider: Provider, on: bool = True) -> None:
    values = dataclasses.replace(mappings_input(row_of(session, provider)), auto_export=on)
    save_mappings(session, admin, provider, values)
    session.commit()


def save_and_export(session: Session, actor: Actor) -> tuple[int, list[AutoExport]]:
    """What the New batch page does: save (committed), then export to each chosen provider."""
    saved = save_batch(session, actor, "October 2026", *OCT, RunFilters())
    session.commit()
    runs = [auto_export_to(session, actor, p, saved.batch_id)
            for p in auto_export_providers(session, actor)]  # fmt: skip
    return saved.batch_id, runs


def batch_statuses(session: Session, batch_id: int) -> list[InvoiceStatus]:
    session.expire_all()
    return [i.status for i in session.exec(select(Invoice).where(Invoice.batch_id == batch_id))]


def failures_logged(session: Session, provider: Provider) -> list[ExportRecord]:
    records = session.exec(select(ExportRecord).where(ExportRecord.provider == provider)).all()
    return [r for r in records if r.result is ExportResult.FAILED]


@pytest.mark.parametrize("provider", list(Provider))
def test_a_saved_batch_is_exported_to_a_provider_with_auto_export_on(
    session, admin, clerk, work, provider, qbo_server: QboServer
):
    connect(session, admin, provider)
    map_everything(session, admin, provider, qbo_server)
    auto_export(session, admin, provider)
    batch_id, (run,) = save_and_export(session, clerk)
    assert run.provider is provider and run.error == ""
    assert [r.outcome for r in run.results] == [Outcome.EXPORTED] * 2
    assert run.sentence == f"Exported 2 of 2 invoices to {provider.label}."
    assert batch_statuses(session, batch_id) == [InvoiceStatus.EXPORTED] * 2


def test_the_invoices_land_on_the_xero_server(session, admin, clerk, work, qbo_server, xero_server):
    connect(session, admin, XERO)
    map_everything(session, admin, XERO, qbo_server)
    auto_export(session, admin, XERO)
    save_and_export(session, clerk)
    contacts = {record["Contact"]["Name"] for record in xero_server.ledger.invoices.values()}
    assert contacts == {"Acme S.r.l.", "Beta S.p.A."}
    assert xero_server.calls["PUT Invoices"] == 1


def test_an_unmapped_invoice_is_reported_and_the_others_exported(
    session, admin, clerk, work, qbo_server
):
    worked(session, "Gamma S.n.c.", tax_rate=Decimal(4))  # no tax code mapped for 4%
    connect(session, admin, XERO)
    map_everything(session, admin, XERO, qbo_server)
    auto_export(session, admin, XERO)
    _, (run,) = save_and_export(session, clerk)
    assert sorted(r.outcome for r in run.results) == sorted(
        [Outcome.EXPORTED, Outcome.EXPORTED, Outcome.MISSING_MAPPING]
    )
    assert run.sentence == (
        "Exported 2 of 3 invoices to Xero; the results below say why the others were not."
    )


def test_with_auto_export_off_nothing_is_sent(session, admin, clerk, work, qbo_server, xero_server):
    connect(session, admin, XERO)
    map_everything(session, admin, XERO, qbo_server)
    auto_export(session, admin, XERO, on=False)
    batch_id, runs = save_and_export(session, clerk)
    assert runs == []
    assert not any("Invoices" in kind or "Contacts" in kind for kind in xero_server.calls)
    assert batch_statuses(session, batch_id) == [InvoiceStatus.DRAFT] * 2


def test_only_connected_providers_with_auto_export_on_are_chosen(session, admin, qbo_server):
    connect(session, admin, XERO)
    connect(session, admin, QBO)
    assert auto_export_providers(session, admin) == []
    auto_export(session, admin, QBO)
    assert auto_export_providers(session, admin) == [QBO]
    auto_export(session, admin, XERO)
    assert auto_export_providers(session, admin) == [XERO, QBO]


def test_xero_down_keeps_the_batch_saved_logs_each_failure_and_marks_nothing_exported(
    session, admin, clerk, work, qbo_server, monkeypatch
):
    connect(session, admin, XERO)
    map_everything(session, admin, XERO, qbo_server)
    auto_export(session, admin, XERO)
    monkeypatch.setenv("XERO_API_URL", "http://127.0.0.1:9/api.xro/2.0")  # nothing listens
    batch_id, (run,) = save_and_export(session, clerk)
    assert [r.outcome for r in run.results] == [Outcome.FAILED] * 2
    assert (
        run.sentence
        == "Exported 0 of 2 invoices to Xero; the results below say why the others were not."
    )
    (message,) = {r.message for r in run.results}
    assert message.startswith("Not exported: Xero could not be reached")
    assert session.get(InvoiceBatch, batch_id) is not None
    # numbered (an invoice number is never given back), but not Exported: Xero never had them
    assert batch_statuses(session, batch_id) == [InvoiceStatus.ISSUED] * 2
    assert {r.error for r in failures_logged(session, XERO)} == {message}
    assert len(failures_logged(session, XERO)) == 2


def test_a_revoked_connection_keeps_the_batch_saved_and_logs_why_per_invoice(
    session, admin, clerk, work, qbo_server, xero_server: XeroServer
):
    connect(session, admin, XERO)
    map_everything(session, admin, XERO, qbo_server)
    auto_export(session, admin, XERO)
    xero_server.revoke(stored_refresh_token(session, XERO))
    xero_server.expire_access_tokens()
    row = row_of(session, XERO)
    row.token_expires_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # so the app refreshes first
    session.add(row)
    session.commit()
    batch_id, (run,) = save_and_export(session, clerk)
    assert run.error.startswith("The Xero connection")
    assert run.sentence == f"Nothing exported to Xero: {run.error}"
    assert batch_statuses(session, batch_id) == [InvoiceStatus.DRAFT] * 2
    logged = failures_logged(session, XERO)
    assert sorted(r.invoice_id for r in logged) == sorted(r.invoice_id for r in run.results)
    assert {r.error for r in logged} == {run.error}


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.READ_ONLY])
def test_roles_that_cannot_export_trigger_no_auto_export(session, admin, role):
    connect(session, admin, XERO)
    auto_export(session, admin, XERO)
    outsider = setup.actor(session, role)
    session.commit()
    with pytest.raises(BillingError) as refused:
        auto_export_providers(session, outsider)
    assert refused.value.code == "forbidden"
