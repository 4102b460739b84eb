"""Payments recorded here by hand are pushed to the providers their invoice went to (against
the Xero and QuickBooks test servers: connect, export, pay here, push, sync)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import ExportedDocument, ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import payment_key
from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import (
    AccountingConnection,
    AuditEvent,
    ExportRecord,
    Payment,
    PaymentExport,
)
from billing_app.services.accounting import payment_push
from billing_app.services.accounting.export import export_invoices_to
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.payment_push import (
    payment_push_warning,
    push_payment,
    push_payments_of,
    push_pending_payments,
)
from billing_app.services.accounting.payment_sync import sync_connected, sync_payments
from billing_app.services.actor import Actor
from billing_app.services.invoices.status import set_status
from billing_app.services.payments import record_payment, refund_invoice
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_credit_notes import NO_WAIT, connected
from tests.services.accounting.test_payment_sync import Remote

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS
PAID_ON = dt.date(2026, 12, 1)
FIFTY = Decimal("50.00")


def exported(session: Session, admin: Actor, provider: Provider) -> tuple[int, str]:
    """An invoice of 122.00 EUR exported to `provider`: its id and its id there."""
    setup.account(session)
    (invoice_id,) = setup.drafts(session, setup.customers(session, 1), 1)
    (result,) = export_invoices_to(session, admin, provider, [invoice_id], NO_WAIT)
    assert result.outcome is Outcome.EXPORTED and result.external_id, result.message
    return invoice_id, result.external_id


def pay_here(session: Session, admin: Actor, invoice_id: int, amount: Decimal = FIFTY) -> int:
    paid = record_payment(session, admin, invoice_id, amount=amount, received_on=PAID_ON,
                          method="Bank transfer", reference="TRN-0042")  # fmt: skip
    session.commit()
    return paid.payment_id


def due_there(provider: Provider, xero: XeroServer, qbo: QboServer, external_id: str) -> Decimal:
    """What the provider itself computes is still due on the invoice."""
    if provider is XERO:
        return Decimal(str(xero.ledger.invoices[external_id]["AmountDue"]))
    return Decimal(str(qbo.company.get("Invoice", external_id)["Balance"]))


def remote_payments(provider: Provider, xero: XeroServer, qbo: QboServer) -> int:
    if provider is XERO:
        return sum(1 for p in xero.ledger.payments.values() if p.get("Invoice"))
    return len(qbo.records("Payment"))


def rows(session: Session) -> list[PaymentExport]:
    session.expire_all()
    return list(session.exec(select(PaymentExport).order_by(PaymentExport.id)).all())


def payment_log(session: Session) -> list[ExportRecord]:
    return list(
        session.exec(
            select(ExportRecord)
            .where(ExportRecord.document == ExportedDocument.PAYMENT)
            .order_by(ExportRecord.id)
        ).all()
    )


def payments_here(session: Session, invoice_id: int) -> list[tuple[Decimal, PaymentSource]]:
    session.expire_all()
    found = session.exec(select(Payment).where(Payment.invoice_id == invoice_id)).all()
    return [(p.amount, p.source) for p in found]


def test_a_payment_recorded_here_goes_to_xero_and_lowers_what_is_due_there(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    invoice_id, external_id = exported(session, admin, XERO)
    payment_id = pay_here(session, admin, invoice_id)
    (result,) = push_payment(session, admin, payment_id, NO_WAIT)
    assert (result.outcome, result.message) == (Outcome.EXPORTED, "")
    invoice = xero_server.ledger.invoices[external_id]
    assert (invoice["AmountDue"], invoice["AmountPaid"], invoice["Status"]) == (
        72.0, 50.0, "AUTHORISED")  # fmt: skip
    sent = xero_server.ledger.payments[result.external_id]
    assert (sent["Amount"], sent["Account"]["Code"], sent["Reference"]) == (
        50.0, "090", "TRN-0042")  # fmt: skip
    put = next(e for e in xero_server.log if e.kind == "PUT Payments")
    assert put.headers["Idempotency-Key"] == payment_key(XERO, payment_id)
    (row,) = rows(session)
    assert (row.payment_id, row.provider, row.external_id) == (payment_id, XERO, result.external_id)
    assert row.exported_at is not None
    (logged,) = payment_log(session)
    assert (logged.result, logged.external_id, logged.idempotency_key) == (
        ExportResult.SUCCESS, result.external_id, payment_key(XERO, payment_id))  # fmt: skip
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "payment_exported")).one()
    assert (audit.entity_id, audit.invoice_id, audit.via, audit.details) == (
        payment_id, invoice_id, Via.EXPORT, "via Xero")  # fmt: skip


def test_a_payment_recorded_here_goes_to_quickbooks_and_lowers_the_balance_there(
    session, admin, qbo_server
):
    connected(session, admin, QBO, qbo_server)
    invoice_id, external_id = exported(session, admin, QBO)
    payment_id = pay_here(session, admin, invoice_id)
    (result,) = push_payment(session, admin, payment_id, NO_WAIT)
    assert (result.outcome, result.message) == (Outcome.EXPORTED, "")
    assert qbo_server.company.get("Invoice", external_id)["Balance"] == Decimal("72.00")
    (sent,) = qbo_server.records("Payment")
    invoice = qbo_server.company.get("Invoice", external_id)
    assert sent["Id"] == result.external_id and sent["TotalAmt"] == Decimal("50.00")
    assert sent["CustomerRef"]["value"] == invoice["CustomerRef"]["value"]
    checking = qbo_server.find("Account", Name="Checking")["Id"]
    assert sent["DepositToAccountRef"]["value"] == checking
    assert [line["LinkedTxn"] for line in sent["Line"]] == [
        [{"TxnId": external_id, "TxnType": "Invoice"}]]  # fmt: skip
    (batch,) = [r for r in qbo_server.requests if r.kind == "batch"][-1:]
    assert batch.query["requestid"] == payment_key(QBO, payment_id)
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "payment_exported"))
    assert audit.one().details == "via QuickBooks Online"


@pytest.mark.parametrize("provider", list(Provider))
def test_pushing_again_sends_nothing_new(session, admin, xero_server, qbo_server, provider):
    connected(session, admin, provider, qbo_server)
    invoice_id, external_id = exported(session, admin, provider)
    payment_id = pay_here(session, admin, invoice_id)
    push_payment(session, admin, payment_id, NO_WAIT)
    assert push_payment(session, admin, payment_id, NO_WAIT) == []
    assert push_payments_of(session, admin, invoice_id, NO_WAIT) == []
    assert push_pending_payments(session, admin, NO_WAIT) == []
    assert payment_push_warning([]) == ""
    assert remote_payments(provider, xero_server, qbo_server) == 1
    assert due_there(provider, xero_server, qbo_server, external_id) == Decimal("72.00")
    assert len(payment_log(session)) == 1 and len(rows(session)) == 1


def crash_after_the_write(monkeypatch: pytest.MonkeyPatch, provider: Provider) -> None:
    """The provider stores the payment, then the worker dies before our commit."""
    name = "push_to_xero" if provider is XERO else "push_to_quickbooks"
    real = getattr(payment_push, name)

    def write_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("worker killed before the payment was recorded as pushed")

    monkeypatch.setattr(payment_push, name, write_then_crash)


@pytest.mark.parametrize("provider", list(Provider))
def test_a_crash_after_the_provider_wrote_then_a_retry_creates_no_second_payment(
    session, admin, xero_server, qbo_server, provider, monkeypatch
):
    connected(session, admin, provider, qbo_server)
    invoice_id, external_id = exported(session, admin, provider)
    payment_id = pay_here(session, admin, invoice_id)
    with monkeypatch.context() as patch:
        crash_after_the_write(patch, provider)
        with pytest.raises(RuntimeError):
            push_payment(session, admin, payment_id, NO_WAIT)
        session.rollback()
    (row,) = rows(session)
    assert row.external_id is None  # committed before the write: the retry reuses its key
    (result,) = push_pending_payments(session, admin, NO_WAIT)
    assert result.outcome is Outcome.EXPORTED, result.message
    assert remote_payments(provider, xero_server, qbo_server) == 1
    assert due_there(provider, xero_server, qbo_server, external_id) == Decimal("72.00")
    if provider is QBO:
        assert qbo_server.replayed == 1  # answered from the requestid store


@pytest.mark.parametrize("provider", list(Provider))
def test_a_crash_after_the_provider_wrote_then_a_sync_records_nothing_twice(
    session, admin, xero_server, qbo_server, provider, monkeypatch
):
    connected(session, admin, provider, qbo_server)
    invoice_id, _ = exported(session, admin, provider)
    payment_id = pay_here(session, admin, invoice_id)
    with monkeypatch.context() as patch:
        crash_after_the_write(patch, provider)
        with pytest.raises(RuntimeError):
            push_payment(session, admin, payment_id, NO_WAIT)
        session.rollback()
    (report,) = sync_connected(session, admin)
    assert (report.recorded, report.matched, report.payments_pushed) == (0, 1, 0)
    assert payments_here(session, invoice_id) == [(FIFTY, PaymentSource.MANUAL)]
    (row,) = rows(session)
    assert row.external_id  # found there by the sync: never sent again
    assert push_pending_payments(session, admin, NO_WAIT) == []
    assert remote_payments(provider, xero_server, qbo_server) == 1


def test_quickbooks_down_leaves_the_push_pending_and_the_payment_sync_sends_it(
    session, admin, qbo_server
):
    connected(session, admin, QBO, qbo_server)
    invoice_id, external_id = exported(session, admin, QBO)
    payment_id = pay_here(session, admin, invoice_id)
    qbo_server.fail(times=5, status=503)
    (failed,) = push_payment(session, admin, payment_id, NO_WAIT)
    assert failed.outcome is Outcome.FAILED and "QuickBooks did not answer" in failed.message
    assert payment_push_warning([failed]) == (
        "A payment recorded here is not in QuickBooks Online yet: "
        f"{failed.message.rstrip('.')}. It will be retried on the next payment sync."
    )
    (row,) = rows(session)
    assert row.external_id is None and qbo_server.records("Payment") == []
    (logged,) = payment_log(session)
    assert (logged.result, logged.error) == (ExportResult.FAILED, failed.message)
    assert setup.by_id(session, invoice_id).amount_paid == FIFTY  # the payment stays recorded
    (report,) = sync_connected(session, admin)
    assert report.payments_pushed == 1 and report.recorded == 0
    assert report.summary.endswith(", 1 payment recorded by hand sent")
    assert qbo_server.company.get("Invoice", external_id)["Balance"] == Decimal("72.00")
    assert [r.result for r in payment_log(session)] == [ExportResult.FAILED, ExportResult.SUCCESS]
    again = sync_connected(session, admin)[0]
    assert (again.recorded, again.payments_pushed) == (0, 0)  # its payment there is ours
    assert payments_here(session, invoice_id) == [(FIFTY, PaymentSource.MANUAL)]


def test_xero_without_a_payment_account_says_so_and_the_sync_reports_it(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    invoice_id, _ = exported(session, admin, XERO)
    row = session.exec(select(AccountingConnection)).one()
    row.mappings = {**row.mappings, "payment_account": ""}
    session.add(row)
    session.commit()
    (failed,) = push_payment(session, admin, pay_here(session, admin, invoice_id), NO_WAIT)
    assert failed.outcome is Outcome.FAILED and "choose the Xero payment account" in failed.message
    assert xero_server.calls["PUT Payments"] == 0
    (report,) = sync_connected(session, admin)
    assert report.payments_pushed == 0 and report.conflicts == 1
    assert "could not be recorded in Xero (Xero records a payment" in report.notes[0].sentence


@pytest.mark.parametrize("provider", list(Provider))
def test_the_payment_sync_does_not_record_a_pushed_payment_again(
    session, admin, xero_server, qbo_server, provider
):
    connected(session, admin, provider, qbo_server)
    invoice_id, external_id = exported(session, admin, provider)
    push_payment(session, admin, pay_here(session, admin, invoice_id), NO_WAIT)
    report = sync_payments(session, admin, provider)
    assert (report.recorded, report.matched, report.conflicts) == (0, 0, 0)
    Remote(provider, xero_server, qbo_server).pay(external_id, "72.00")  # the rest, paid there
    report = sync_payments(session, admin, provider)
    assert (report.recorded, report.matched, report.paid) == (1, 0, 1)
    synced = (Decimal("72.00"), PaymentSource(provider.value))
    assert sorted(payments_here(session, invoice_id)) == [(FIFTY, PaymentSource.MANUAL), synced]
    assert setup.by_id(session, invoice_id).status is InvoiceStatus.PAID


@pytest.mark.parametrize("provider", list(Provider))
def test_a_payment_synced_from_a_provider_is_never_pushed_back(
    session, admin, xero_server, qbo_server, provider
):
    connected(session, admin, provider, qbo_server)
    invoice_id, external_id = exported(session, admin, provider)
    Remote(provider, xero_server, qbo_server).pay(external_id, "50.00")
    assert sync_payments(session, admin, provider).recorded == 1
    synced = session.exec(select(Payment).where(Payment.invoice_id == invoice_id)).one()
    assert synced.source is PaymentSource(provider.value)
    assert synced.id is not None
    assert push_payment(session, admin, synced.id, NO_WAIT) == []
    assert push_payments_of(session, admin, invoice_id, NO_WAIT) == []
    assert rows(session) == [] and remote_payments(provider, xero_server, qbo_server) == 1


def test_a_payment_matched_by_the_sync_is_not_pushed_and_shows_as_there(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    invoice_id, external_id = exported(session, admin, XERO)
    payment_id = pay_here(session, admin, invoice_id)  # recorded here and in Xero by hand
    Remote(XERO, xero_server, qbo_server).pay(external_id, "50.00")
    assert sync_payments(session, admin, XERO).matched == 1
    assert push_payments_of(session, admin, invoice_id, NO_WAIT) == []
    (row,) = rows(session)
    (theirs,) = xero_server.ledger.payments
    assert (row.payment_id, row.external_id) == (payment_id, theirs)
    assert remote_payments(XERO, xero_server, qbo_server) == 1


def test_a_refund_is_not_pushed_as_a_payment(session, admin, xero_server, qbo_server):
    connected(session, admin, XERO, qbo_server)
    invoice_id, _ = exported(session, admin, XERO)
    pay_here(session, admin, invoice_id, Decimal("122.00"))  # recorded, never pushed
    refund = refund_invoice(session, admin, invoice_id, refunded_on=PAID_ON)
    session.commit()
    assert push_payment(session, admin, refund.payment_id, NO_WAIT) == []
    # the invoice is Refunded: its credit note settles it in Xero, not its payments
    assert push_payments_of(session, admin, invoice_id, NO_WAIT) == []
    assert push_pending_payments(session, admin, NO_WAIT) == []
    assert xero_server.calls["PUT Payments"] == 0 and rows(session) == []
    kinds = session.exec(select(Payment.kind).where(Payment.invoice_id == invoice_id)).all()
    assert sorted(kinds) == [PaymentKind.PAYMENT, PaymentKind.REFUND]


def test_a_payment_on_an_invoice_not_exported_waits_for_the_export(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    setup.account(session)
    (invoice_id,) = setup.drafts(session, setup.customers(session, 1), 1)
    set_status(session, admin, invoice_id, InvoiceStatus.SENT, Via.MANUAL)
    session.commit()
    payment_id = pay_here(session, admin, invoice_id)
    assert push_payment(session, admin, payment_id, NO_WAIT) == []
    assert rows(session) == [] and xero_server.calls["PUT Payments"] == 0
    (exported_now,) = export_invoices_to(session, admin, XERO, [invoice_id], NO_WAIT)
    assert exported_now.outcome is Outcome.EXPORTED and exported_now.external_id
    assert exported_now.message == ""  # the payment followed the invoice
    assert due_there(XERO, xero_server, qbo_server, exported_now.external_id) == Decimal("72.00")
    assert push_payments_of(session, admin, invoice_id, NO_WAIT) == []  # nothing left to push
    assert xero_server.calls["PUT Payments"] == 1


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.READ_ONLY])
def test_roles_without_billing_changes_cannot_push_payments(session, admin, role):
    outsider = setup.actor(session, role)
    session.commit()
    for push in (
        lambda: push_payment(session, outsider, 1, NO_WAIT),
        lambda: push_payments_of(session, outsider, 1, NO_WAIT),
        lambda: push_pending_payments(session, outsider, NO_WAIT),
    ):
        with pytest.raises(BillingError) as refused:
            push()
        assert refused.value.code == "forbidden"
