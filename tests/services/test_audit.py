import datetime as dt

from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import AuditEvent
from billing_app.services.audit import (
    AuditFilters,
    audit_choices,
    invoice_history,
    list_audit,
    record_audit,
)
from billing_app.services.paging import PAGE_SIZE
from tests import factories


def setup_trail(session):
    clerk = factories.actor(factories.user(session, Role.BILLING, email="clerk@example.com"))
    acme = factories.customer(session)
    sent = factories.invoice(
        session, acme, status=InvoiceStatus.SENT, number="2026-00001", sequence=1
    )
    other = factories.invoice(session, acme)
    record_audit(
        session,
        clerk,
        "status_changed",
        entity="invoice",
        entity_id=sent.id,
        invoice_id=sent.id,
        from_value="draft",
        to_value="sent",
        via=Via.EMAIL,
    )
    record_audit(
        session,
        clerk,
        "payment_recorded",
        entity="invoice",
        entity_id=sent.id,
        invoice_id=sent.id,
        to_value="100.00",
    )
    record_audit(session, clerk, "line_added", entity="invoice", entity_id=other.id,
                 invoice_id=other.id)  # fmt: skip
    return clerk, sent, other


def test_events_record_who_what_from_to_and_how(session):
    clerk, sent, _ = setup_trail(session)
    rows = invoice_history(session, clerk, sent.id)
    assert [(r.actor, r.action, r.from_value, r.to_value, r.via) for r in rows] == [
        ("clerk@example.com", "status_changed", "draft", "sent", Via.EMAIL),
        ("clerk@example.com", "payment_recorded", "", "100.00", Via.MANUAL),
    ]
    assert rows[0].invoice_number == "2026-00001"


def test_filter_by_invoice_number_or_id(session):
    clerk, _, other = setup_trail(session)
    assert list_audit(session, clerk, AuditFilters(invoice="2026-00001")).total == 2
    assert list_audit(session, clerk, AuditFilters(invoice=str(other.id))).total == 1
    assert list_audit(session, clerk, AuditFilters(invoice="nope")).total == 0


def test_filter_by_user_kind_and_dates(session):
    clerk, _, _ = setup_trail(session)
    boss = factories.actor(factories.user(session, Role.ADMIN, email="boss@example.com"))
    record_audit(session, boss, "user_created", entity="user", entity_id=1)
    assert list_audit(session, clerk, AuditFilters(actor="boss@example.com")).total == 1
    assert list_audit(session, clerk, AuditFilters(action="payment_recorded")).total == 1
    today = dt.datetime.now(dt.UTC).date()
    assert list_audit(session, clerk, AuditFilters(since=today, until=today)).total == 4
    tomorrow = today + dt.timedelta(days=1)
    assert list_audit(session, clerk, AuditFilters(since=tomorrow)).total == 0
    actors, actions = audit_choices(session, clerk)
    assert actors == ["boss@example.com", "clerk@example.com"]
    assert "user_created" in actions


def test_the_newest_events_come_first_fifty_a_page(session):
    clerk, _, _ = setup_trail(session)
    for index in range(PAGE_SIZE + 5):
        session.add(AuditEvent(actor="bulk", action="probe", entity="test", entity_id=index))
    session.flush()
    first = list_audit(session, clerk, AuditFilters(actor="bulk"))
    assert (first.total, first.pages, len(first.rows)) == (PAGE_SIZE + 5, 2, PAGE_SIZE)
    assert first.rows[0].entity_id == PAGE_SIZE + 4
    last = list_audit(session, clerk, AuditFilters(actor="bulk"), page=7)
    assert (last.page, len(last.rows)) == (1, 5)
