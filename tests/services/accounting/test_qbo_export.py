"""Exporting invoices to the QuickBooks test server: bulk customers, batches of 30, idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.totals import LineInput
from billing_app.models import AuditEvent, Customer, ExportRecord, InvoiceExport
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.qbo_client import QboCaller
from billing_app.services.accounting.qbo_customers import resolve_customers
from billing_app.services.accounting.qbo_export import export_invoices
from billing_app.services.accounting.snapshots import export_customer
from billing_app.services.actor import Actor
from tests import factories
from tests.integrations.qbo_server import QboServer
from tests.services.accounting import qbo_setup as setup

D = Decimal


@pytest.fixture
def qbo_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[QboServer]:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with QboServer() as server:
        yield server


@pytest.fixture
def clerk(session: Session) -> Actor:
    setup.account(session)
    return setup.actor(session)


class Sleeps(list[float]):
    """A fake sleep whose clock moves only when slept on."""

    now = 1000.0

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def export(session, clerk, server, ids, sleeps=None, **mapping_changes):
    sleeps = sleeps if sleeps is not None else Sleeps()
    return export_invoices(
        session, clerk, ids, setup.access(server), setup.mappings(server, **mapping_changes),
        sleep=sleeps, clock=sleeps.clock,
    )  # fmt: skip


def remote_invoices(server: QboServer) -> list[dict]:
    return server.records("Invoice")


def test_120_drafts_are_issued_and_exported_in_4_batch_calls_with_customers_in_bulk(
    session, clerk, qbo_server
):
    owners = setup.customers(session, 40)
    ids = setup.drafts(session, owners, 120)
    qbo_server.reset_counters()
    results = export(session, clerk, qbo_server, ids)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 120
    batches = [r for r in qbo_server.requests if r.kind == "batch"]
    invoice_batches = [r for r in batches if '"Invoice"' in r.body]
    customer_batches = [r for r in batches if '"Customer"' in r.body]
    queries = [r for r in qbo_server.requests if r.kind == "query"]
    assert len(invoice_batches) == 4
    assert len(customer_batches) == 2  # 40 new customers: 30 + 10
    # 1 by DisplayName, then the tax codes and rates; no look-up by number: nothing was sent
    # before (export_intents), so nothing can be in QuickBooks already
    assert [r.body.split(" where")[0].split(" from ")[1].split()[0] for r in queries] == [
        "Customer", "TaxCode", "TaxRate"]  # fmt: skip
    assert len({r.query["requestid"] for r in batches}) == len(batches)
    assert all(len(r.query["requestid"]) <= 36 for r in batches)
    assert len(remote_invoices(qbo_server)) == 120
    assert len(qbo_server.records("Customer")) == 40
    first = setup.by_id(session, ids[0])
    assert first.status is InvoiceStatus.EXPORTED and first.number
    remote = {r["DocNumber"]: r for r in remote_invoices(qbo_server)}
    assert remote[first.number]["TotalAmt"] == 122
    row = session.exec(select(InvoiceExport).where(InvoiceExport.invoice_id == ids[0])).one()
    assert row.external_id == results[0].external_id == remote[first.number]["Id"]
    assert row.exported_version == first.version
    stored = session.get_one(Customer, owners[0].id, populate_existing=True)
    assert stored.quickbooks_customer_id == remote[first.number]["CustomerRef"]["value"]
    audit = session.exec(
        select(AuditEvent).where(AuditEvent.invoice_id == ids[0], AuditEvent.action == "exported")
    ).one()
    assert audit.details == "via QuickBooks Online" and audit.via == "export"


@pytest.fixture
def exported(session, clerk, qbo_server) -> list[int]:
    """Three invoices exported once, counters reset."""
    ids = setup.drafts(session, setup.customers(session, 2), 3)
    export(session, clerk, qbo_server, ids)
    qbo_server.reset_counters()
    return ids


@pytest.mark.parametrize("xml", [False, True])
def test_a_429_json_or_xml_waits_60_seconds_then_succeeds(session, clerk, qbo_server, xml):
    ids = setup.drafts(session, setup.customers(session, 1), 2)
    qbo_server.throttle(xml=xml, kind="batch")
    sleeps = Sleeps()
    results = export(session, clerk, qbo_server, ids, sleeps)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 2
    assert sleeps == [60.0]
    assert len(remote_invoices(qbo_server)) == 2


def test_a_500_after_store_then_the_retry_leaves_one_invoice_remote(session, clerk, qbo_server):
    ids = setup.drafts(session, setup.customers(session, 1), 1)
    # the customer is found by name, so the one batch is the invoice's
    qbo_server.company.seed("Customer", {"DisplayName": "Customer 0000 S.r.l.", "Active": True,
                                         "BillAddr": {"Country": "Italy"}})  # fmt: skip
    qbo_server.fail_after_store(kind="batch")
    results = export(session, clerk, qbo_server, ids)
    assert [r.outcome for r in results] == [Outcome.EXPORTED]
    assert len(remote_invoices(qbo_server)) == 1
    assert len(qbo_server.records("Customer")) == 1
    assert qbo_server.replayed == 1


def test_a_provider_refusal_fails_that_invoice_only_with_its_message(session, clerk, qbo_server):
    owners = setup.customers(session, 1)
    ids = setup.drafts(session, owners, 3)
    ids += setup.drafts(session, owners, 1, rate=Decimal(10))
    results = export(session, clerk, qbo_server, ids,
                     tax_codes={"22": qbo_server.find("TaxCode", Name="22% IVA")["Id"],
                                "10": "999"})  # fmt: skip
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 3 + [Outcome.FAILED]
    assert "Invalid Reference Id" in results[3].message
    assert len(remote_invoices(qbo_server)) == 3
    assert (
        session.exec(select(InvoiceExport).where(InvoiceExport.invoice_id == ids[3])).first()
        is None
    )
    failed = session.exec(select(ExportRecord).where(ExportRecord.invoice_id == ids[3])).one()
    assert failed.result is ExportResult.FAILED and "Invalid Reference Id" in failed.error


def test_a_missing_tax_mapping_says_what_to_map_and_leaves_the_draft_a_draft(
    session, clerk, qbo_server
):
    owners = setup.customers(session, 1)
    ids = setup.drafts(session, owners, 1) + setup.drafts(session, owners, 1, rate=Decimal(10))
    results = export(session, clerk, qbo_server, ids)
    assert results[1].outcome is Outcome.MISSING_MAPPING
    assert results[1].message == (
        f"Invoice Draft #{ids[1]} cannot be exported: map tax rate 10% to a QuickBooks Online "
        "tax code in Admin > Accounting."
    )
    draft = setup.by_id(session, ids[1])
    assert draft.status is InvoiceStatus.DRAFT and draft.number is None
    assert results[0].outcome is Outcome.EXPORTED


def test_re_export_updates_the_quickbooks_invoice_instead_of_creating_another(
    session, clerk, qbo_server, exported
):
    before = {r["Id"]: r["SyncToken"] for r in remote_invoices(qbo_server)}
    results = export(session, clerk, qbo_server, exported)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 3
    after = {r["Id"]: r["SyncToken"] for r in remote_invoices(qbo_server)}
    assert after.keys() == before.keys()
    assert all(int(after[k]) == int(before[k]) + 1 for k in before), (before, after)
    body = next(r.body for r in qbo_server.requests if r.kind == "batch")
    assert body.count('"operation": "update"') == 3
    assert qbo_server.calls["batch"] == 1  # no customer created again


def test_a_crash_mid_run_then_a_rerun_creates_nothing_twice(session, clerk, qbo_server):
    ids = setup.drafts(session, setup.customers(session, 5), 75)

    class CrashAfterSecondBatch(QboCaller):
        def batch(self, items, request_id):
            answer = super().batch(items, request_id)
            if sum('"Invoice"' in r.body for r in qbo_server.requests if r.kind == "batch") == 2:
                raise RuntimeError("the worker died")
            return answer

    sleeps = Sleeps()
    crashing = CrashAfterSecondBatch(setup.access(qbo_server), sleep=sleeps, clock=sleeps.clock)
    with pytest.raises(RuntimeError):
        export_invoices(session, clerk, ids, crashing.access, setup.mappings(qbo_server),
                        caller=crashing)  # fmt: skip
    session.rollback()
    assert len(remote_invoices(qbo_server)) == 60  # 2 batches stored, only the first recorded
    results = export(session, clerk, qbo_server, ids)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 75
    numbers = [r["DocNumber"] for r in remote_invoices(qbo_server)]
    assert len(numbers) == len(set(numbers)) == 75
    assert len(qbo_server.records("Customer")) == 5


def test_a_viewer_may_not_export(session, clerk, qbo_server):
    viewer = setup.actor(session, Role.READ_ONLY)
    ids = setup.drafts(session, setup.customers(session, 1), 1)
    with pytest.raises(BillingError) as refused:
        export(session, viewer, qbo_server, ids)
    assert refused.value.code == "forbidden"
    assert qbo_server.calls["query"] == qbo_server.calls["batch"] == 0
    assert setup.by_id(session, ids[0]).status is InvoiceStatus.DRAFT


SPREAD = [  # (lines, prices include tax)
    ([LineInput(D(1), D("1.25"), D(10))] * 3, False),  # 3 x 0.13 tax; 10% of 3.75 is 0.38
    ([LineInput(D("2.5"), D(80), D(22), discount=D("7.33")),
      LineInput(D(1), D("49.99"), D(10))], False),
    ([LineInput(D("1.3333"), D(45), D(22)), LineInput(D("0.0833"), D(120), D(22)),
      LineInput(D(3), D("12.5"), D(0))], False),
    ([LineInput(D(1), D("12.20"), D(22)), LineInput(D(3), D("0.99"), D(22)),
      LineInput(D(1), D("5.55"), D(10))], True),
    ([LineInput(D("0.25"), D("99.99"), D(22), discount=D("0.5")),
      LineInput(D("7.1234"), D("3.33"), D(10)), LineInput(D(1), D(20), D(0))], True),
]  # fmt: skip


def test_every_exported_invoice_has_our_total_and_tax_in_quickbooks(session, clerk, qbo_server):
    owners = setup.customers(session, 2)
    ids = [setup.priced_draft(session, owners[n % 2], lines, inclusive=inclusive)
           for n, (lines, inclusive) in enumerate(SPREAD)]  # fmt: skip
    results = export(session, clerk, qbo_server, ids, tax_codes=setup.italian_tax_codes(qbo_server))
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * len(SPREAD)
    remote = {r["DocNumber"]: r for r in remote_invoices(qbo_server)}
    for invoice in (setup.by_id(session, i) for i in ids):
        sent = remote[invoice.number]
        theirs = (D(str(sent["TotalAmt"])), D(str(sent["TxnTaxDetail"]["TotalTax"])))
        assert theirs == (invoice.total, invoice.tax_total), invoice.number


def test_a_reexport_is_a_sparse_update_that_keeps_what_quickbooks_added(
    session, clerk, qbo_server, exported
):
    for record in remote_invoices(qbo_server):
        record["CustomerMemo"] = {"value": "Thank you for your business"}
    results = export(session, clerk, qbo_server, exported)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 3
    body = next(r.body for r in qbo_server.requests if r.kind == "batch")
    assert body.count('"sparse": true') == 3
    assert all(r["CustomerMemo"] for r in remote_invoices(qbo_server))
    assert all(r["SyncToken"] == "1" for r in remote_invoices(qbo_server))


LONG_NAME = "Consorzio " + "Servizi Informatici Lombardi " * 4 + "S.r.l."


def long_named(session):
    return factories.customer(session, name=LONG_NAME, street="Via Roma 1", city="Milano",
                              postcode="20121", region="MI")  # fmt: skip


def test_a_customer_name_too_long_for_quickbooks_is_cut_with_a_sentence(session, clerk, qbo_server):
    owner = long_named(session)
    sleeps = Sleeps()
    caller = QboCaller(setup.access(qbo_server), sleep=sleeps, clock=sleeps.clock)
    found = resolve_customers(session, caller, [export_customer(owner, Provider.QUICKBOOKS)])
    assert found.notes == {owner.id: "The customer name was cut to 100 characters for "
                                     f"QuickBooks: '{LONG_NAME[:100]}'."}  # fmt: skip
    remote = qbo_server.find("Customer", Id=found.found[owner.id])
    assert (remote["DisplayName"], remote["CompanyName"]) == (LONG_NAME, LONG_NAME[:100])
    assert remote["BillAddr"] == {"Line1": "Via Roma 1", "City": "Milano", "PostalCode": "20121",
                                  "CountrySubDivisionCode": "MI", "Country": "Italy"}  # fmt: skip


def test_the_export_tells_the_cut_name_and_sends_the_bill_address(session, clerk, qbo_server):
    ids = setup.drafts(session, [long_named(session)], 1)
    results = export(session, clerk, qbo_server, ids)
    assert results[0].outcome is Outcome.EXPORTED
    assert "The customer name was cut to 100 characters for QuickBooks" in results[0].message
    assert remote_invoices(qbo_server)[0]["BillAddr"]["City"] == "Milano"


def test_a_customer_found_with_another_address_gets_a_sparse_update_of_it(
    session, clerk, qbo_server
):
    owner = long_named(session)
    found = {"DisplayName": LONG_NAME, "Notes": "Key account", "BillAddr": {"City": "Roma"}}
    qbo_server.company.seed("Customer", found | {"Active": True})
    results = export(session, clerk, qbo_server, setup.drafts(session, [owner], 1))
    assert results[0].outcome is Outcome.EXPORTED
    remote = qbo_server.find("Customer", DisplayName=LONG_NAME)
    assert remote["BillAddr"]["City"] == "Milano" and remote["Notes"] == "Key account"
    update = next(r.body for r in qbo_server.requests if '"update"' in r.body)
    assert '"sparse": true' in update and '"Customer"' in update
