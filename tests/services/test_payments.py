import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError
from billing_app.domain.payments import PaymentKind
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import AuditEvent, Invoice, Payment
from billing_app.services.payments import record_payment, refund_invoice
from tests import factories

D = Decimal
S = InvoiceStatus
DAY = dt.date(2026, 11, 20)


@pytest.fixture
def clerk(session):
    return factories.actor(factories.user(session, Role.BILLING))


def issued(session, status=S.SENT, total="122.00", currency="EUR", sequence=1):
    acme = factories.customer(session, currency=currency)
    return factories.invoice(
        session, acme, status=status, number=f"2026-{sequence:05}", sequence=sequence,
        total=D(total),
    )  # fmt: skip


def pay(session, actor, invoice, amount):
    return record_payment(session, actor, invoice.id, amount=D(amount), received_on=DAY)


def test_partial_payments_leave_a_balance_until_the_total_is_covered(session, clerk):
    invoice = issued(session)
    first = pay(session, clerk, invoice, "100.00")
    assert (first.status, first.balance_due) == (S.SENT, D("22.00"))
    second = pay(session, clerk, invoice, "22.00")
    assert (second.status, second.balance_due) == (S.PAID, D(0))
    events = session.exec(
        select(AuditEvent.action, AuditEvent.to_value, AuditEvent.via).order_by(AuditEvent.id)
    ).all()
    assert events == [
        ("payment_recorded", "100.00 EUR", Via.MANUAL),
        ("payment_recorded", "22.00 EUR", Via.MANUAL),
        ("status_changed", "paid", Via.PAYMENTS),
    ]


def test_an_exported_invoice_also_becomes_paid(session, clerk):
    invoice = issued(session, status=S.EXPORTED)
    assert pay(session, clerk, invoice, "122.00").status == S.PAID


def test_overpayment_is_refused_and_nothing_is_recorded(session, clerk):
    invoice = issued(session)
    session.commit()
    with pytest.raises(BillingError) as error:
        pay(session, clerk, invoice, "122.01")
    assert error.value.code == "overpayment"
    assert "balance due of 122.00 EUR" in error.value.message
    session.rollback()
    assert session.exec(select(Payment)).all() == []
    assert session.get(Invoice, invoice.id).amount_paid == 0


def test_a_draft_takes_no_payment(session, clerk):
    draft = factories.invoice(session, factories.customer(session), total=D(50))
    with pytest.raises(BillingError) as error:
        pay(session, clerk, draft, "10.00")
    assert error.value.code == "not_payable"
    assert "issue it first" in error.value.message


@pytest.mark.parametrize(("amount", "code"), [("0", "invalid_amount"), ("-5", "invalid_amount"),
                                              ("10.005", "too_many_decimals")])  # fmt: skip
def test_bad_amounts_are_refused(session, clerk, amount, code):
    with pytest.raises(BillingError) as error:
        pay(session, clerk, issued(session), amount)
    assert error.value.code == code


def test_yen_payments_have_no_decimals(session, clerk):
    invoice = issued(session, total="5500", currency="JPY")
    with pytest.raises(BillingError):
        pay(session, clerk, invoice, "5499.5")
    assert pay(session, clerk, invoice, "5500").status == S.PAID


def test_refunding_a_paid_invoice_pays_back_everything_and_is_final(session, clerk):
    invoice = issued(session)
    pay(session, clerk, invoice, "122.00")
    result = refund_invoice(session, clerk, invoice.id, refunded_on=DAY, reference="RF-1")
    assert (result.status, result.balance_due) == (S.REFUNDED, D(0))
    refund = session.exec(select(Payment).where(Payment.kind == PaymentKind.REFUND)).one()
    assert (refund.amount, refund.reference) == (D("122.00"), "RF-1")
    with pytest.raises(BillingError) as error:
        pay(session, clerk, invoice, "1.00")
    assert error.value.code == "not_payable"


def test_only_a_paid_invoice_can_be_refunded(session, clerk):
    invoice = issued(session)
    pay(session, clerk, invoice, "50.00")
    with pytest.raises(BillingError) as error:
        refund_invoice(session, clerk, invoice.id, refunded_on=DAY)
    assert error.value.code == "not_refundable"
    assert "this one is Sent with 50.00 EUR received" in error.value.message


def test_read_only_users_record_no_payments(session):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY))
    invoice = issued(session)
    session.commit()
    with pytest.raises(BillingError) as error:
        pay(session, viewer, invoice, "10.00")
    assert error.value.code == "forbidden"
