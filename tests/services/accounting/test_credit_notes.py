"""Credit note on refund: a refund recorded here is pushed to the providers its invoice went to
(against the Xero and QuickBooks test servers: connect, export, pay, refund, push)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import CreditDocument, ExportedDocument, ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import (
    AccountingConnection,
    AuditEvent,
    CreditNoteExport,
    ExportRecord,
    Payment,
)
from billing_app.services.accounting import credit_notes
from billing_app.services.accounting.credit_notes import (
    Clock,
    push_pending_refunds,
    push_refund,
    push_warning,
)
from billing_app.services.accounting.export import export_invoices_to
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.mappings import MappingsInput, save_mappings
from billing_app.services.accounting.payment_sync import sync_connected
from billing_app.services.actor import Actor
from billing_app.services.invoices.status import set_status
from billing_app.services.payments import record_payment, refund_invoice
from tests import factories
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_connections import connect

XERO, QBO = Provider.XERO, Provider.QUICKBOOKS
PAID_ON, REFUNDED_ON = dt.date(2026, 12, 1), dt.date(2026, 12, 5)
NO_WAIT = Clock(sleep=lambda seconds: None)


def connected(session: Session, admin: Actor, provider: Provider, qbo: QboServer) -> None:
    connect(session, admin, provider)
    if provider is XERO:
        data = MappingsInput(sales_account="200", tax_codes={"22": "OUTPUT2"},
                             payment_account="090")  # fmt: skip
    else:
        data = MappingsInput(
            sales_account=qbo.find("Item", Name="Services")["Id"],
            tax_codes={"22": qbo.find("TaxCode", Name="22% IVA")["Id"]},
            payment_account=qbo.find("Account", Name="Checking")["Id"],
        )
    save_mappings(session, admin, provider, data)
    session.commit()


def exported_and_paid(session: Session, admin: Actor, provider: Provider) -> tuple[int, str]:
    """An invoice of 122.00 exported to `provider` and paid here: its id and external id."""
    setup.account(session)
    (invoice_id,) = setup.drafts(session, setup.customers(session, 1), 1)
    (exported,) = export_invoices_to(session, admin, provider, [invoice_id])
    assert exported.outcome is Outcome.EXPORTED, exported.message
    record_payment(session, admin, invoice_id, amount=Decimal("122.00"), received_on=PAID_ON)
    session.commit()
    assert exported.external_id
    return invoice_id, exported.external_id


def refund(session: Session, admin: Actor, invoice_id: int) -> None:
    refund_invoice(session, admin, invoice_id, refunded_on=REFUNDED_ON)
    session.commit()


def refund_and_push(session: Session, admin: Actor, invoice_id: int):
    refund(session, admin, invoice_id)
    return push_refund(session, admin, invoice_id, NO_WAIT)


def credit_rows(session: Session) -> list[CreditNoteExport]:
    session.expire_all()
    return list(session.exec(select(CreditNoteExport)).all())


def log_of(session: Session) -> list[ExportRecord]:
    return list(
        session.exec(
            select(ExportRecord).where(ExportRecord.document == ExportedDocument.CREDIT_NOTE)
        ).all()
    )


def pay_in_xero(server: XeroServer, external_id: str) -> None:
    server.ledger.save_payment({"Invoice": {"InvoiceID": external_id}, "Account": {"Code": "090"},
                                "Amount": 122.0, "Date": PAID_ON.isoformat()})  # fmt: skip


def pay_in_quickbooks(server: QboServer, external_id: str) -> None:
    invoice = server.company.get("Invoice", external_id)
    server.company.apply("Payment", "create", {
        "CustomerRef": invoice["CustomerRef"], "TotalAmt": 122,
        "Line": [{"Amount": 122, "LinkedTxn": [{"TxnId": external_id, "TxnType": "Invoice"}]}],
    })  # fmt: skip


def test_credit_note_on_refund_unpaid_in_xero_is_allocated_to_the_invoice(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    invoice_id, external_id = exported_and_paid(session, admin, XERO)
    (result,) = refund_and_push(session, admin, invoice_id)
    assert result.outcome is Outcome.EXPORTED, result.message
    note = xero_server.ledger.credit_notes[result.external_id]
    assert (note["Type"], note["Status"], note["Total"], note["RemainingCredit"]) == (
        "ACCRECCREDIT", "PAID", 122.0, 0.0)  # fmt: skip
    invoice = xero_server.ledger.invoices[external_id]
    assert (invoice["AmountDue"], invoice["AmountCredited"], invoice["Status"]) == (
        0.0, 122.0, "PAID")  # fmt: skip
    assert note["Reference"] == invoice["InvoiceNumber"] and xero_server.ledger.payments == {}
    put = next(e for e in xero_server.log if e.kind == "PUT CreditNotes")
    assert len(put.headers["Idempotency-Key"]) == 36
    (row,) = credit_rows(session)
    assert (row.external_id, row.document) == (result.external_id, CreditDocument.XERO_CREDIT_NOTE)
    (logged,) = log_of(session)
    assert (logged.result, logged.external_id) == (ExportResult.SUCCESS, result.external_id)
    audit = session.exec(
        select(AuditEvent).where(AuditEvent.action == "credit_note_exported")
    ).one()
    assert (audit.details, audit.invoice_id, audit.to_value) == (
        "via Xero", invoice_id, result.external_id)  # fmt: skip


def test_credit_note_on_refund_paid_in_xero_is_refunded_in_cash(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    invoice_id, external_id = exported_and_paid(session, admin, XERO)
    pay_in_xero(xero_server, external_id)
    (result,) = refund_and_push(session, admin, invoice_id)
    assert result.outcome is Outcome.EXPORTED, result.message
    assert xero_server.calls["PUT Allocations"] == 0
    cash = [p for p in xero_server.ledger.payments.values() if p.get("CreditNote")]
    assert [(p["PaymentType"], p["Amount"], p["Account"]["Code"]) for p in cash] == [
        ("ARCREDITPAYMENT", 122.0, "090")]  # fmt: skip
    assert cash[0]["CreditNote"]["CreditNoteID"] == result.external_id
    note = xero_server.ledger.credit_notes[result.external_id]
    assert (note["RemainingCredit"], note["Status"]) == (0.0, "PAID")


def test_credit_note_on_refund_open_in_quickbooks_is_a_credit_memo_applied_to_the_invoice(
    session, admin, qbo_server
):
    connected(session, admin, QBO, qbo_server)
    invoice_id, external_id = exported_and_paid(session, admin, QBO)
    (result,) = refund_and_push(session, admin, invoice_id)
    assert result.outcome is Outcome.EXPORTED, result.message
    (memo,) = qbo_server.records("CreditMemo")
    (application,) = qbo_server.records("Payment")
    assert memo["Id"] == result.external_id and memo["TotalAmt"] == 122
    assert application["TotalAmt"] == 0 and memo["Balance"] == 0
    assert qbo_server.company.get("Invoice", external_id)["Balance"] == 0
    assert qbo_server.records("RefundReceipt") == []
    (row,) = credit_rows(session)
    assert row.document is CreditDocument.QBO_CREDIT_MEMO
    requests = [r for r in qbo_server.requests if r.kind == "batch"]
    assert all(len(r.query["requestid"]) <= 36 for r in requests)
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "credit_note_exported"))
    assert audit.one().details == "via QuickBooks Online"


def test_credit_note_on_refund_paid_in_quickbooks_is_a_refund_receipt_from_the_bank(
    session, admin, qbo_server
):
    connected(session, admin, QBO, qbo_server)
    invoice_id, external_id = exported_and_paid(session, admin, QBO)
    pay_in_quickbooks(qbo_server, external_id)
    (result,) = refund_and_push(session, admin, invoice_id)
    assert result.outcome is Outcome.EXPORTED, result.message
    (receipt,) = qbo_server.records("RefundReceipt")
    assert receipt["Id"] == result.external_id and receipt["TotalAmt"] == 122
    assert (
        receipt["DepositToAccountRef"]["value"] == qbo_server.find("Account", Name="Checking")["Id"]
    )
    assert qbo_server.records("CreditMemo") == []
    assert credit_rows(session)[0].document is CreditDocument.QBO_REFUND_RECEIPT


def remote_credits(provider: Provider, xero: XeroServer, qbo: QboServer) -> int:
    if provider is XERO:
        return len(xero.ledger.credit_notes)
    return len(qbo.records("CreditMemo")) + len(qbo.records("RefundReceipt"))


@pytest.mark.parametrize("provider", list(Provider))
def test_pushing_again_after_a_success_does_nothing(
    session, admin, xero_server, qbo_server, provider
):
    connected(session, admin, provider, qbo_server)
    invoice_id, _ = exported_and_paid(session, admin, provider)
    refund_and_push(session, admin, invoice_id)
    assert push_refund(session, admin, invoice_id, NO_WAIT) == []
    assert push_warning([]) == ""
    assert push_pending_refunds(session, admin, NO_WAIT) == []
    assert remote_credits(provider, xero_server, qbo_server) == 1
    assert len(log_of(session)) == 1


@pytest.mark.parametrize("provider", list(Provider))
def test_a_500_after_the_store_is_retried_and_leaves_one_credit(
    session, admin, xero_server, qbo_server, provider
):
    connected(session, admin, provider, qbo_server)
    invoice_id, _ = exported_and_paid(session, admin, provider)
    if provider is XERO:
        xero_server.fail_after_store()  # the credit note's PUT
    else:
        qbo_server.fail_after_store(kind="batch")  # the credit memo's create
    (result,) = refund_and_push(session, admin, invoice_id)
    assert result.outcome is Outcome.EXPORTED, result.message
    assert remote_credits(provider, xero_server, qbo_server) == 1


@pytest.mark.parametrize("provider", list(Provider))
def test_a_crash_after_the_provider_wrote_then_a_rerun_creates_no_second_credit(
    session, admin, xero_server, qbo_server, provider, monkeypatch
):
    connected(session, admin, provider, qbo_server)
    invoice_id, _ = exported_and_paid(session, admin, provider)
    name = "push_credit_note" if provider is XERO else "push_credit"
    real = getattr(credit_notes, name)

    def write_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("worker killed before the credit note was recorded")

    monkeypatch.setattr(credit_notes, name, write_then_crash)
    refund(session, admin, invoice_id)
    with pytest.raises(RuntimeError):
        push_refund(session, admin, invoice_id, NO_WAIT)
    session.rollback()
    monkeypatch.setattr(credit_notes, name, real)
    (result,) = push_pending_refunds(session, admin, NO_WAIT)
    assert result.outcome is Outcome.EXPORTED, result.message
    assert remote_credits(provider, xero_server, qbo_server) == 1
    if provider is QBO:  # the stored choice kept the credit memo though the invoice is now paid
        assert len(qbo_server.records("Payment")) == 1 and qbo_server.replayed == 2
    else:  # the credit note was replayed and found settled: no second allocation
        (invoice,) = xero_server.ledger.invoices.values()
        assert len(invoice["CreditNotes"]) == 1 and invoice["AmountCredited"] == 122.0


def test_a_provider_down_leaves_the_refund_logs_the_failure_and_the_sync_pushes_it_later(
    session, admin, qbo_server
):
    connected(session, admin, QBO, qbo_server)
    invoice_id, _ = exported_and_paid(session, admin, QBO)
    qbo_server.fail(times=5, status=503)
    (failed,) = refund_and_push(session, admin, invoice_id)
    assert failed.outcome is Outcome.FAILED and "QuickBooks did not answer" in failed.message
    assert setup.by_id(session, invoice_id).status is InvoiceStatus.REFUNDED
    (logged,) = log_of(session)
    assert logged.result is ExportResult.FAILED and logged.error == failed.message
    assert credit_rows(session) == [] and qbo_server.records("CreditMemo") == []
    assert push_warning([failed]) == (
        "Refund recorded; the credit note could not be created in QuickBooks Online: "
        f"{failed.message.rstrip('.')}. It will be retried on the next payment sync."
    )
    (later,) = push_pending_refunds(session, admin, NO_WAIT)
    assert later.outcome is Outcome.EXPORTED and len(qbo_server.records("CreditMemo")) == 1
    assert [r.result for r in log_of(session)] == [ExportResult.FAILED, ExportResult.SUCCESS]


def test_the_payment_sync_creates_the_credit_note_a_provider_refused_at_refund_time(
    session, admin, qbo_server
):
    connected(session, admin, QBO, qbo_server)
    invoice_id, _ = exported_and_paid(session, admin, QBO)
    qbo_server.fail(times=5, status=503)
    (failed,) = refund_and_push(session, admin, invoice_id)
    assert failed.outcome is Outcome.FAILED
    (report,) = sync_connected(session, admin)
    assert report.credit_notes == 1 and report.summary.endswith(", 1 credit note created")
    assert len(qbo_server.records("CreditMemo")) == 1  # open in QuickBooks: a credit memo
    session.expire_all()
    stored = session.exec(select(AccountingConnection)).one()
    assert stored.payments_sync_summary == report.summary  # what the Accounting card shows
    assert sync_connected(session, admin)[0].credit_notes == 0  # done once, never again


def test_a_refund_of_an_invoice_never_exported_pushes_nothing(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    setup.account(session)
    (invoice_id,) = setup.drafts(session, setup.customers(session, 1), 1)
    set_status(session, admin, invoice_id, InvoiceStatus.SENT, Via.MANUAL)
    record_payment(session, admin, invoice_id, amount=Decimal("122.00"), received_on=PAID_ON)
    session.commit()
    assert refund_and_push(session, admin, invoice_id) == []
    assert xero_server.calls["PUT CreditNotes"] == 0 and log_of(session) == []


def test_a_refund_synced_from_a_provider_is_never_pushed_back(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    invoice_id, _ = exported_and_paid(session, admin, XERO)
    synced = Payment(invoice_id=invoice_id, kind=PaymentKind.REFUND, received_on=REFUNDED_ON,
                     amount=Decimal("122.00"), source=PaymentSource.XERO,
                     external_id="xero-refund-1")  # fmt: skip
    factories.add(session, synced)
    session.commit()
    assert push_pending_refunds(session, admin, NO_WAIT) == []
    assert xero_server.ledger.credit_notes == {}


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.READ_ONLY])
def test_roles_without_billing_changes_cannot_push_refunds(session, admin, role):
    outsider = setup.actor(session, role)
    session.commit()
    for push in (lambda: push_refund(session, outsider, 1, NO_WAIT),
                 lambda: push_pending_refunds(session, outsider, NO_WAIT)):  # fmt: skip
        with pytest.raises(BillingError) as refused:
            push()
        assert refused.value.code == "forbidden"


def refunded_here(session: Session, admin: Actor) -> int:
    """An invoice of 122.00 sent, paid and refunded here, never exported: its id."""
    setup.account(session)
    (invoice_id,) = setup.drafts(session, setup.customers(session, 1), 1)
    set_status(session, admin, invoice_id, InvoiceStatus.SENT, Via.MANUAL)
    record_payment(session, admin, invoice_id, amount=Decimal("122.00"), received_on=PAID_ON)
    refund(session, admin, invoice_id)
    return invoice_id


def test_exporting_a_refunded_invoice_to_xero_sends_its_credit_note_along(
    session, admin, xero_server, qbo_server
):
    connected(session, admin, XERO, qbo_server)
    invoice_id = refunded_here(session, admin)
    (result,) = export_invoices_to(session, admin, XERO, [invoice_id], NO_WAIT)
    assert (result.outcome, result.message) == (Outcome.EXPORTED, "")
    invoice = xero_server.ledger.invoices[result.external_id]
    # not an open invoice there: its whole amount is credited
    assert (invoice["AmountDue"], invoice["AmountCredited"], invoice["Status"]) == (
        0.0, 122.0, "PAID")  # fmt: skip
    (note,) = xero_server.ledger.credit_notes.values()
    assert (note["Type"], note["Total"]) == ("ACCRECCREDIT", 122.0)
    assert [row.external_id for row in credit_rows(session)] == [note["CreditNoteID"]]
    export_invoices_to(session, admin, XERO, [invoice_id], NO_WAIT)
    assert len(xero_server.ledger.credit_notes) == 1  # exported again: no second credit


def test_exporting_a_refunded_invoice_to_quickbooks_sends_its_credit_memo_along(
    session, admin, qbo_server
):
    connected(session, admin, QBO, qbo_server)
    invoice_id = refunded_here(session, admin)
    (result,) = export_invoices_to(session, admin, QBO, [invoice_id], NO_WAIT)
    assert (result.outcome, result.message) == (Outcome.EXPORTED, "")
    (memo,) = qbo_server.records("CreditMemo")
    assert memo["TotalAmt"] == 122
    assert qbo_server.company.get("Invoice", result.external_id)["Balance"] == 0
