"""Payments and credits synced back from the Xero and QuickBooks test servers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import AuditEvent, InvoiceExport, Payment
from billing_app.services.accounting import payment_sync
from billing_app.services.accounting.export import export_invoices_to
from billing_app.services.accounting.payment_sync import sync_connected, sync_payments
from billing_app.services.actor import Actor
from billing_app.services.payments import record_payment
from tests import factories
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_connections import connect, row_of, stored_refresh_token
from tests.services.accounting.test_export import map_everything

D = Decimal
S = InvoiceStatus
XERO, QBO = Provider.XERO, Provider.QUICKBOOKS
DAY = dt.date(2026, 12, 1)


@dataclass
class Remote:
    """Money applied on the provider's side, straight into the test server's books."""

    provider: Provider
    xero: XeroServer
    qbo: QboServer

    def pay(self, invoice: str, amount: str, day: dt.date = DAY) -> None:
        if self.provider is XERO:
            saved = self.xero.ledger.save_payment(
                {
                    "Invoice": {"InvoiceID": invoice},
                    "Account": {"Code": "090"},
                    "Amount": float(amount),
                    "Date": day.isoformat(),
                }
            )
            assert isinstance(saved, dict), saved
        else:
            self._qbo_payment(invoice, amount, day, [(invoice, "Invoice", amount)])

    def credit(self, invoice: str, amount: str, day: dt.date = DAY) -> None:
        if self.provider is XERO:
            contact = self.xero.ledger.invoices[invoice]["Contact"]
            note = self.xero.ledger.save_credit_note(
                {
                    "Type": "ACCRECCREDIT",
                    "Contact": contact,
                    "Status": "AUTHORISED",
                    "LineItems": [
                        {
                            "Description": "Refund",
                            "Quantity": 1,
                            "UnitAmount": float(amount),
                            "AccountCode": "200",
                            "TaxType": "NONE",
                        }
                    ],
                }
            )
            assert isinstance(note, dict), note
            allocated = self.xero.ledger.allocate(
                note["CreditNoteID"],
                {
                    "Invoice": {"InvoiceID": invoice},
                    "Amount": float(amount),
                    "Date": day.isoformat(),
                },
            )
            assert isinstance(allocated, dict), allocated
            return
        customer = self.qbo.company.get("Invoice", invoice)["CustomerRef"]
        item = {"value": self.qbo.find("Item", Name="Services")["Id"]}
        memo = self.qbo.company.apply(
            "CreditMemo",
            "create",
            {
                "CustomerRef": customer,
                "Line": [
                    {
                        "Amount": amount,
                        "DetailType": "SalesItemLineDetail",
                        "SalesItemLineDetail": {"ItemRef": item, "Qty": 1, "UnitPrice": amount},
                    }
                ],
            },
        )
        links = [(invoice, "Invoice", amount), (memo["Id"], "CreditMemo", amount)]
        self._qbo_payment(invoice, "0", day, links)

    def _qbo_payment(
        self, invoice: str, total: str, day: dt.date, links: list[tuple[str, str, str]]
    ) -> None:
        customer = self.qbo.company.get("Invoice", invoice)["CustomerRef"]
        lines = [
            {"Amount": share, "LinkedTxn": [{"TxnId": txn, "TxnType": kind}]}
            for txn, kind, share in links
        ]
        self.qbo.company.apply(
            "Payment",
            "create",
            {"CustomerRef": customer, "TotalAmt": total, "TxnDate": day.isoformat(), "Line": lines},
        )


@pytest.fixture(params=list(Provider), ids=lambda p: p.value)
def provider(request: pytest.FixtureRequest) -> Provider:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def remote(provider: Provider, xero_server: XeroServer, qbo_server: QboServer) -> Remote:
    return Remote(provider, xero_server, qbo_server)


def exported(
    session: Session, admin: Actor, provider: Provider, qbo: QboServer, count: int = 2
) -> dict[int, str]:
    """`count` invoices of 122.00 EUR exported to `provider`: our id → the provider's id."""
    setup.account(session)
    connect(session, admin, provider)
    map_everything(session, admin, provider, qbo)
    ids = setup.drafts(session, setup.customers(session, 2), count)
    export_invoices_to(session, admin, provider, ids)
    links = session.exec(select(InvoiceExport.invoice_id, InvoiceExport.external_id)).all()
    return dict(links)


def synced_payments(session: Session, invoice_id: int) -> list[tuple[PaymentKind, D, str]]:
    rows = session.exec(
        select(Payment).where(
            Payment.invoice_id == invoice_id, Payment.source != PaymentSource.MANUAL
        )
    ).all()
    return [(row.kind, row.amount, row.source.value) for row in rows]


def test_payment_sync_marks_paid_and_partial(session, admin, provider, remote, qbo_server):
    links = exported(session, admin, provider, qbo_server)
    first, second = links
    remote.pay(links[first], "50.00")
    report = sync_payments(session, admin, provider)
    assert (report.recorded, report.paid, report.notes) == (1, 0, [])
    invoice = setup.by_id(session, first)
    assert (invoice.status, invoice.amount_paid) == (S.EXPORTED, D("50.00"))
    assert synced_payments(session, first) == [(PaymentKind.PAYMENT, D("50.00"), provider.value)]
    assert synced_payments(session, second) == []

    remote.pay(links[first], "72.00", DAY + dt.timedelta(days=1))
    report = sync_payments(session, admin, provider)
    assert (report.recorded, report.paid) == (1, 1)
    assert setup.by_id(session, first).status is S.PAID
    events = session.exec(
        select(AuditEvent.action, AuditEvent.via, AuditEvent.details)
        .where(AuditEvent.invoice_id == first, AuditEvent.via == Via.SYNC)
        .order_by(AuditEvent.id)
    ).all()
    via = f"via {provider.label}"
    assert events == [
        ("payment_recorded", Via.SYNC, via),
        ("payment_recorded", Via.SYNC, via),
        ("status_changed", Via.SYNC, via),
    ]

    again = sync_payments(session, admin, provider)
    assert (again.recorded, again.paid, again.notes) == (0, 0, [])
    assert len(synced_payments(session, first)) == 2
    row = row_of(session, provider)
    assert row.payments_sync_summary == "0 payments recorded, 0 invoices now Paid, 0 now Refunded"
    assert row.payments_synced_at is not None


def test_a_payment_recorded_by_hand_is_matched_with_the_remote_one_not_counted_twice(
    session, admin, provider, remote, qbo_server
):
    links = exported(session, admin, provider, qbo_server, count=1)
    [(invoice_id, external)] = links.items()
    by_hand = record_payment(session, admin, invoice_id, amount=D("50.00"), received_on=DAY,
                             method="Bank transfer")  # fmt: skip
    session.commit()
    remote.pay(external, "50.00")
    report = sync_payments(session, admin, provider)
    assert (report.recorded, report.matched, report.conflicts) == (0, 1, 0)
    assert synced_payments(session, invoice_id) == []
    session.expire_all()
    linked = session.get_one(Payment, by_hand.payment_id)
    assert linked.external_id and linked.method == "Bank transfer"
    assert setup.by_id(session, invoice_id).amount_paid == D("50.00")
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "payment_matched")).one()
    assert (audit.entity_id, audit.to_value) == (by_hand.payment_id, linked.external_id)
    assert audit.details == f"via {provider.label}"
    assert row_of(session, provider).payments_sync_summary.endswith(
        ", 1 payment recorded by hand matched"
    )
    again = sync_payments(session, admin, provider)
    assert (again.recorded, again.matched, again.conflicts) == (0, 0, 0)


def test_a_remote_payment_larger_than_the_balance_here_is_a_conflict_and_not_recorded(
    session, admin, provider, remote, qbo_server
):
    links = exported(session, admin, provider, qbo_server, count=1)
    [(invoice_id, external)] = links.items()
    record_payment(session, admin, invoice_id, amount=D("100.00"), received_on=DAY)
    session.commit()
    remote.pay(external, "122.00")  # not the same money: 122 does not fit the 22 still due
    report = sync_payments(session, admin, provider)
    assert report.recorded == 0 and report.conflicts == 1
    assert report.notes[0].number == setup.by_id(session, invoice_id).number
    assert "more than the balance due here (22.00 EUR)" in report.notes[0].sentence
    assert synced_payments(session, invoice_id) == []
    assert row_of(session, provider).payments_sync_summary.endswith(", 1 conflict")


def test_a_full_credit_on_a_paid_invoice_refunds_it(session, admin, provider, remote, qbo_server):
    links = exported(session, admin, provider, qbo_server, count=1)
    [(invoice_id, external)] = links.items()
    record_payment(session, admin, invoice_id, amount=D("122.00"), received_on=DAY)
    session.commit()
    remote.credit(external, "122.00")
    report = sync_payments(session, admin, provider)
    assert (report.refunded, report.recorded, report.notes) == (1, 0, [])
    invoice = setup.by_id(session, invoice_id)
    assert (invoice.status, invoice.amount_paid) == (S.REFUNDED, D(0))
    assert synced_payments(session, invoice_id) == [
        (PaymentKind.REFUND, D("122.00"), provider.value)
    ]
    assert sync_payments(session, admin, provider).refunded == 0  # Refunded is left alone


def test_a_partial_credit_is_reported_and_changes_nothing(
    session, admin, provider, remote, qbo_server
):
    links = exported(session, admin, provider, qbo_server, count=1)
    [(invoice_id, external)] = links.items()
    remote.credit(external, "22.00")
    report = sync_payments(session, admin, provider)
    assert report.conflicts == 0 and len(report.notes) == 1
    assert "a partial credit changes nothing here" in report.notes[0].sentence
    assert setup.by_id(session, invoice_id).status is S.EXPORTED
    assert synced_payments(session, invoice_id) == []


CALLS = {XERO: ("GET Invoices", 3), QBO: ("query", 2)}


def test_120_invoices_are_read_in_a_few_calls(session, admin, provider, xero_server, qbo_server):
    links = exported(session, admin, provider, qbo_server, count=120)
    assert len(links) == 120
    server = xero_server if provider is XERO else qbo_server
    server.calls.clear()
    report = sync_payments(session, admin, provider)
    assert report.failed == "" and report.recorded == 0
    kind, expected = CALLS[provider]
    assert server.calls[kind] == expected and sum(server.calls.values()) == expected


def test_a_viewer_may_not_sync(session, admin):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY))
    session.commit()
    with pytest.raises(BillingError) as refused:
        sync_payments(session, viewer, XERO)
    assert refused.value.code == "forbidden"


def test_a_revoked_provider_is_reported_and_the_other_still_syncs(
    session, admin, xero_server, qbo_server
):
    links = exported(session, admin, QBO, qbo_server, count=1)
    Remote(QBO, xero_server, qbo_server).pay(next(iter(links.values())), "22.00")
    connect(session, admin, XERO)
    xero_server.revoke(stored_refresh_token(session, XERO))
    row = row_of(session, XERO)
    row.token_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    session.add(row)
    session.commit()
    reports = {report.provider: report for report in sync_connected(session, admin)}
    assert "was revoked" in reports[XERO].failed
    assert reports[XERO].summary == f"Not synced: {reports[XERO].failed}"
    assert row_of(session, XERO).payments_sync_summary == reports[XERO].summary
    assert (reports[QBO].failed, reports[QBO].recorded) == ("", 1)


def test_a_scheduled_run_skips_a_provider_synced_within_the_interval(session, admin, qbo_server):
    exported(session, admin, QBO, qbo_server, count=1)
    assert not sync_payments(session, admin, QBO).skipped
    qbo_server.calls.clear()
    later = sync_payments(session, admin, QBO, not_within=dt.timedelta(minutes=5))
    assert later.skipped and sum(qbo_server.calls.values()) == 0


def test_a_payment_recorded_meanwhile_by_another_run_rolls_back_that_invoice_only(
    session, admin, monkeypatch, xero_server, qbo_server
):
    links = exported(session, admin, XERO, qbo_server)
    first, second = links
    remote = Remote(XERO, xero_server, qbo_server)
    remote.pay(links[first], "50.00")
    remote.pay(links[second], "50.00")
    duplicate = next(iter(xero_server.ledger.payments))  # the first invoice's payment

    def concurrent_then_record(session, actor, invoice_id, **payment):
        if payment["external_id"] == duplicate:  # the other worker committed it first
            session.add(Payment(invoice_id=invoice_id, received_on=DAY, amount=D("50.00"),
                                source=PaymentSource.XERO, external_id=duplicate))  # fmt: skip
        return record_payment(session, actor, invoice_id, **payment)

    monkeypatch.setattr(payment_sync, "record_payment", concurrent_then_record)
    report = sync_payments(session, admin, XERO)
    assert report.recorded == 1 and report.conflicts == 1
    assert "another sync recorded it meanwhile" in report.notes[0].sentence
    assert synced_payments(session, first) == []  # the savepoint took the duplicate back too
    assert synced_payments(session, second) == [(PaymentKind.PAYMENT, D("50.00"), "xero")]
