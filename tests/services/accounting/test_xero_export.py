"""Exporting invoices to the Xero test server (every request checked against Xero's spec)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.integrations.export_invoice import ExportMappings
from billing_app.models import (
    AccountSettings,
    AuditEvent,
    Customer,
    ExportRecord,
    Invoice,
    InvoiceExport,
    InvoiceLine,
)
from billing_app.services.accounting import xero_export
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.xero_calls import XeroAccess
from billing_app.services.accounting.xero_export import export_invoices
from billing_app.services.actor import Actor
from tests import factories
from tests.integrations.xero_server import XeroServer
from tests.integrations.xero_totals import SPREAD, assert_xero_totals_agree, priced_invoice

S = InvoiceStatus
MAPPINGS = ExportMappings(Provider.XERO, sales_account="200",
                          tax_codes={"22": "OUTPUT2", "10": "OUTPUT", "0": "NONE"})  # fmt: skip


class FakeTime:
    """A clock that moves only when slept: waits are recorded, never spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def clerk(session: Session) -> Actor:
    factories.add(session, AccountSettings(legal_name="Rete Sicura", country="IT", currency="EUR",
                                           locale="it_IT", payment_terms_days=30))  # fmt: skip
    return factories.actor(factories.user(session, Role.BILLING))


@pytest.fixture
def access(xero_server: XeroServer) -> XeroAccess:
    token = xero_server.grant_token()
    return XeroAccess(token["access_token"], xero_server.tenant.tenant_id, xero_server.api_url)


_sequence = iter(range(1, 100_000))


def issued(session: Session, owner: Customer, rate: str = "22", status: S = S.SENT) -> Invoice:
    net, tax_rate = Decimal("100.00"), Decimal(rate)
    tax = (net * tax_rate / 100).quantize(Decimal("0.01"))
    fields: dict[str, object] = {"status": status, "net_total": net, "tax_total": tax,
                                 "total": net + tax}  # fmt: skip
    if status is not S.DRAFT:
        sequence = next(_sequence)
        fields |= {"sequence": sequence, "number": f"2026-{sequence:05}",
                   "issue_date": dt.date(2026, 11, 30),
                   "due_date": dt.date(2026, 12, 30)}  # fmt: skip
    invoice = factories.invoice(session, owner, **fields)
    line = InvoiceLine(invoice_id=invoice.id, kind=LineKind.CUSTOM,
                       description="Managed services", quantity=Decimal(1),
                       unit_price=net, tax_rate=tax_rate, net=net, tax=tax)  # fmt: skip
    factories.add(session, line)
    return invoice


def customers(session: Session, count: int) -> list[Customer]:
    return [factories.customer(session, name=f"Cliente {n} Srl") for n in range(count)]


def invoice_numbers(server: XeroServer) -> Counter[str]:
    return Counter(record["InvoiceNumber"] for record in server.ledger.invoices.values())


def run(session: Session, actor: Actor, ids: list[int], access: XeroAccess, **kw: object):
    time = FakeTime()
    results = export_invoices(session, actor, ids, access, MAPPINGS, sleep=time.sleep,
                              clock=time.clock, **kw)  # type: ignore[arg-type]  # fmt: skip
    return results, time


def test_120_invoices_go_in_three_invoice_calls_and_contacts_in_two(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    owners = customers(session, 3)
    ids = [issued(session, owners[n % 3]).id for n in range(120)]
    session.commit()
    results, time = run(session, clerk, ids, access)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 120
    assert xero_server.calls["PUT Invoices"] == 3
    assert xero_server.calls["GET Contacts"] + xero_server.calls["PUT Contacts"] == 2
    assert sum(invoice_numbers(xero_server).values()) == 120 and time.slept == []
    assert assert_xero_totals_agree(session, xero_server) == 120
    assert {i.status for i in session.exec(select(Invoice))} == {S.EXPORTED}
    links = session.exec(select(InvoiceExport)).all()
    assert {link.external_id for link in links} == set(xero_server.ledger.invoices)
    assert all(c.xero_contact_id in xero_server.ledger.contacts for c in owners)
    audits = session.exec(select(AuditEvent).where(AuditEvent.action == "exported")).all()
    assert len(audits) == 120 and audits[0].details == "via Xero"
    put = next(e for e in xero_server.log if e.kind == "PUT Invoices")
    assert "unitdp=4" in put.query and "summarizeErrors=false" in put.query
    assert len(put.headers["Idempotency-Key"]) == 36


def test_a_second_export_finds_the_stored_contacts_by_id(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    owner = customers(session, 1)[0]
    first, second = issued(session, owner).id, issued(session, owner).id
    session.commit()
    run(session, clerk, [first], access)
    run(session, clerk, [second], access)
    assert xero_server.calls["PUT Contacts"] == 1 and len(xero_server.ledger.contacts) == 1
    ids_lookup = [e for e in xero_server.log if e.kind == "GET Contacts"][-1]
    assert "IDs=" in ids_lookup.query


def test_429_waits_the_retry_after_it_says_then_goes_on(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    invoice = issued(session, customers(session, 1)[0])
    session.commit()
    xero_server.rate_limit(calls=1, retry_after=7)
    (result,), time = run(session, clerk, [invoice.id], access)
    assert result.outcome is Outcome.EXPORTED and time.slept == [7.0]
    assert [e.status for e in xero_server.log if e.kind == "GET Contacts"] == [429, 200]


def test_a_500_after_the_store_is_retried_with_the_same_key_and_stores_one_invoice(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    invoice = issued(session, customers(session, 1)[0])
    session.commit()
    xero_server.fail_after_store(calls=2)  # the contact's PUT, then the invoice's
    (result,), time = run(session, clerk, [invoice.id], access)
    assert result.outcome is Outcome.EXPORTED and len(time.slept) == 2
    puts = [e for e in xero_server.log if e.kind == "PUT Invoices"]
    assert [e.status for e in puts] == [500, 200]
    assert puts[0].headers["Idempotency-Key"] == puts[1].headers["Idempotency-Key"]
    assert len(xero_server.ledger.invoices) == 1 and len(xero_server.ledger.contacts) == 1


def test_an_invoice_xero_refuses_keeps_its_status_and_the_message_the_rest_go_through(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    owner = customers(session, 1)[0]
    good, bad = issued(session, owner), issued(session, owner, rate="10")
    session.commit()
    mappings = ExportMappings(Provider.XERO, sales_account="200",
                              tax_codes={"22": "OUTPUT2", "10": "BOGUS"})  # fmt: skip
    results = export_invoices(session, clerk, [good.id, bad.id], access, mappings)
    assert [r.outcome for r in results] == [Outcome.EXPORTED, Outcome.FAILED]
    assert "TaxType code 'BOGUS' does not exist" in results[1].message
    assert session.get_one(Invoice, bad.id).status is S.SENT
    assert session.get_one(Invoice, good.id).status is S.EXPORTED
    log = session.exec(select(ExportRecord).where(ExportRecord.invoice_id == bad.id)).one()
    assert log.result is ExportResult.FAILED and "BOGUS" in log.error
    assert (
        session.exec(select(InvoiceExport).where(InvoiceExport.invoice_id == bad.id)).first()
        is None
    )


def test_a_missing_mapping_is_a_sentence_and_nothing_is_sent_or_issued(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    draft = issued(session, customers(session, 1)[0], rate="4", status=S.DRAFT)
    session.commit()
    ((result,), _) = run(session, clerk, [draft.id], access)
    assert result.outcome is Outcome.MISSING_MAPPING and result.number == f"Draft #{draft.id}"
    assert result.message == (
        f"Invoice Draft #{draft.id} cannot be exported: map tax rate 4% to a Xero tax type "
        "in Admin > Accounting."
    )
    assert session.get_one(Invoice, draft.id).status is S.DRAFT
    assert xero_server.calls["PUT Invoices"] == 0 and xero_server.ledger.invoices == {}


def test_a_draft_is_numbered_then_pushed_and_becomes_exported(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    draft = issued(session, customers(session, 1)[0], status=S.DRAFT)
    session.commit()
    ((result,), _) = run(session, clerk, [draft.id], access)
    invoice = session.get_one(Invoice, draft.id)
    assert result.outcome is Outcome.EXPORTED and invoice.status is S.EXPORTED
    assert invoice.number and list(invoice_numbers(xero_server)) == [invoice.number]


@pytest.mark.parametrize("status", [S.SENT, S.DRAFT])  # a Draft is pushed at its final version
def test_exporting_an_exported_invoice_again_updates_it_in_xero(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess, status: S
) -> None:
    invoice = issued(session, customers(session, 1)[0], status=status)
    session.commit()
    ((first,), _) = run(session, clerk, [invoice.id], access)
    ((again,), _) = run(session, clerk, [invoice.id], access)
    assert again.outcome is Outcome.EXPORTED and again.external_id == first.external_id
    assert xero_server.calls["PUT Invoices"] == 1 and xero_server.calls["POST Invoices"] == 1
    assert len(xero_server.ledger.invoices) == 1
    link = session.exec(select(InvoiceExport)).one()
    assert link.exported_version == session.get_one(Invoice, invoice.id).version


def test_a_crash_after_a_chunk_was_pushed_then_a_rerun_creates_nothing_twice(
    session: Session,
    clerk: Actor,
    xero_server: XeroServer,
    access: XeroAccess,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owners = customers(session, 2)
    ids = [issued(session, owners[n % 2], status=S.DRAFT if n % 3 else S.SENT).id
           for n in range(70)]  # fmt: skip
    session.commit()
    real_push = xero_export.push_chunk

    def push_then_crash(*args: object, **kw: object) -> None:
        real_push(*args, **kw)  # type: ignore[arg-type]
        raise RuntimeError("worker killed before the chunk was recorded")

    monkeypatch.setattr(xero_export, "push_chunk", push_then_crash)
    with pytest.raises(RuntimeError):
        run(session, clerk, ids, access)
    session.rollback()
    assert len(xero_server.ledger.invoices) == 50 and not session.exec(select(InvoiceExport)).all()
    monkeypatch.setattr(xero_export, "push_chunk", real_push)
    results, _ = run(session, clerk, ids, access)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 70
    numbers = invoice_numbers(xero_server)
    assert len(numbers) == 70 and set(numbers.values()) == {1}
    assert assert_xero_totals_agree(session, xero_server) == 70
    assert len(xero_server.ledger.contacts) == 2


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.READ_ONLY])
def test_only_billing_roles_may_export(
    session: Session, xero_server: XeroServer, access: XeroAccess, role: Role
) -> None:
    invoice = issued(session, customers(session, 1)[0])
    outsider = factories.actor(factories.user(session, role))
    session.commit()
    with pytest.raises(BillingError) as refused:
        export_invoices(session, outsider, [invoice.id], access, MAPPINGS)
    assert refused.value.code == "forbidden"
    assert sum(xero_server.calls.values()) == 0


def test_every_exported_invoice_shows_our_totals_in_xero(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    """Discounts as amounts, prices with and without tax, 22/10/0% lines, 4-decimal quantities:
    Xero computes the same net, tax and total from what we send (500.28, not 512.48)."""
    owner = customers(session, 1)[0]
    ids = [priced_invoice(session, owner, lines, inclusive, next(_sequence)).id
           for inclusive, lines in SPREAD]  # fmt: skip
    session.commit()
    results, _ = run(session, clerk, ids, access)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * len(SPREAD)
    assert assert_xero_totals_agree(session, xero_server) == len(SPREAD)
    # 4 x 128.12 - 12.20 = 500.28 at 0%; 2.5 x 33.3333 - 3.33 = 80.00325 → 80.00 + 17.60;
    # 1.2345 x 80.9999 = 99.9944 → 99.99 + 10.00: 680.27 + 27.60 = 707.87
    first = xero_server.ledger.invoices[results[0].external_id]
    assert (first["SubTotal"], first["TotalTax"], first["Total"]) == (680.27, 27.6, 707.87)
