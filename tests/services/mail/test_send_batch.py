import datetime as dt

import pytest
from sqlmodel import select

from billing_app.db import session_scope
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Invoice, InvoiceBatch
from billing_app.services.mail.send_batch import Outcome, batch_invoices_to_send, send_batch
from tests import factories
from tests.services.mail.conftest import configure, draft_invoice


@pytest.fixture
def batch(session, admin, clerk):
    """Four Drafts: two with an address, one without, one whose address the server refuses."""
    october = factories.add(
        session,
        InvoiceBatch(
            name="October 2026", period_start=dt.date(2026, 10, 1), period_end=dt.date(2026, 10, 31)
        ),
    )
    invoices = [
        draft_invoice(session, clerk, "ap@acme.test", "Acme S.r.l."),
        draft_invoice(session, clerk, "", "Beta S.p.A."),
        draft_invoice(session, clerk, "gone@gamma.test", "Gamma S.n.c."),
        draft_invoice(session, clerk, "conti@delta.test", "Delta GmbH"),
    ]  # fmt: skip
    for invoice_id in invoices:
        session.get(Invoice, invoice_id).batch_id = october.id
    session.commit()
    return october.id


def run(engine, actor, batch_id, session):
    ids = batch_invoices_to_send(session, actor, batch_id)
    return list(send_batch(lambda: session_scope(engine), actor, ids))


def test_send_all_sends_each_invoice_with_an_address_and_reports_every_one(
    engine, session, admin, clerk, smtp, batch
):
    configure(session, admin, smtp)
    smtp.recorder.refuse.add("gone@gamma.test")
    results = run(engine, clerk, batch, session)
    assert [(r.customer, r.outcome) for r in results] == [
        ("Acme S.r.l.", Outcome.SENT), ("Beta S.p.A.", Outcome.NO_EMAIL),
        ("Gamma S.n.c.", Outcome.FAILED), ("Delta GmbH", Outcome.SENT),
    ]  # fmt: skip
    assert results[0].detail == "To ap@acme.test"
    assert "gone@gamma.test" in results[2].detail and "550" in results[2].detail
    year = dt.datetime.now(dt.UTC).year
    assert [r.invoice for r in results] == [
        f"{year}-00001",
        f"Draft #{results[1].invoice_id}",
        f"Draft #{results[2].invoice_id}",
        f"{year}-00002",
    ]
    session.expire_all()
    statuses = session.exec(select(Invoice.status).order_by(Invoice.id)).all()
    assert statuses == [InvoiceStatus.SENT, InvoiceStatus.DRAFT, InvoiceStatus.DRAFT,
                        InvoiceStatus.SENT]  # fmt: skip
    assert sorted(r for m in smtp.received for r in m.rcpt_tos) == [
        "ap@acme.test", "conti@delta.test"]  # fmt: skip


def test_running_it_again_skips_what_was_sent_and_retries_what_failed(
    engine, session, admin, clerk, smtp, batch
):
    configure(session, admin, smtp)
    smtp.recorder.refuse.add("gone@gamma.test")
    run(engine, clerk, batch, session)
    smtp.recorder.refuse.clear()
    again = run(engine, clerk, batch, session)
    assert [r.outcome for r in again] == [Outcome.ALREADY_SENT, Outcome.NO_EMAIL, Outcome.SENT,
                                          Outcome.ALREADY_SENT]  # fmt: skip
    assert len(smtp.received) == 3


def test_when_the_server_is_down_the_rest_is_not_attempted(
    engine, session, admin, clerk, smtp, batch
):
    configure(session, admin, smtp, port=str(smtp.port + 1))
    results = run(engine, clerk, batch, session)
    assert [r.outcome for r in results] == [Outcome.FAILED, Outcome.NO_EMAIL, Outcome.FAILED,
                                            Outcome.FAILED]  # fmt: skip
    assert "Could not connect" in results[0].detail
    assert results[2].detail.startswith("Not attempted: Could not connect")
    session.expire_all()
    assert session.exec(select(Invoice.number)).all() == [None] * 4


def test_without_e_mail_settings_the_batch_is_refused_up_front(session, admin, clerk, batch):
    with pytest.raises(BillingError) as error:
        batch_invoices_to_send(session, clerk, batch)
    assert error.value.code == "mail_not_configured"


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.READ_ONLY])
def test_only_roles_that_change_billing_may_send_a_batch(
    engine, session, admin, clerk, smtp, batch, role
):
    configure(session, admin, smtp)
    other = factories.actor(factories.user(session, role))
    session.commit()
    with pytest.raises(BillingError):
        batch_invoices_to_send(session, other, batch)
    ids = batch_invoices_to_send(session, clerk, batch)
    results = list(send_batch(lambda: session_scope(engine), other, ids))
    assert [r.outcome for r in results] == [Outcome.FAILED] * 4
    assert "cannot send invoices" in results[0].detail
    assert smtp.received == []
