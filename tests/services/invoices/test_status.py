import datetime as dt

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import AccountSettings, AuditEvent, Invoice, NumberCounter
from billing_app.services.invoices.status import set_status
from billing_app.services.numbering import take_next_number
from tests import factories

S = InvoiceStatus


@pytest.fixture
def clerk(session):
    factories.add(
        session,
        AccountSettings(legal_name="Rete Sicura", country="IT", currency="EUR", locale="it_IT",
                        payment_terms_days=30),
    )  # fmt: skip
    return factories.actor(factories.user(session, Role.BILLING))


def drafts(session, count):
    acme = factories.customer(session)
    return [factories.invoice(session, acme) for _ in range(count)]


def test_leaving_draft_assigns_the_next_number_dates_and_audits_it(session, clerk):
    (draft,) = drafts(session, 1)
    change = set_status(session, clerk, draft.id, S.SENT)
    year = dt.datetime.now(dt.UTC).year
    assert change.number == f"{year}-00001"
    invoice = session.get(Invoice, draft.id)
    assert (invoice.status, invoice.series, invoice.sequence) == (S.SENT, str(year), 1)
    assert invoice.due_date == invoice.issue_date + dt.timedelta(days=30)
    actions = session.exec(select(AuditEvent.action, AuditEvent.from_value, AuditEvent.to_value)
                           .order_by(AuditEvent.id)).all()  # fmt: skip
    assert actions == [
        ("number_assigned", "", f"{year}-00001"),
        ("status_changed", "draft", "sent"),
    ]


def test_numbers_follow_each_other_without_gaps(session, clerk):
    invoices = drafts(session, 3)
    numbers = [set_status(session, clerk, i.id, S.EXPORTED).number for i in invoices]
    assert [n.rsplit("-", 1)[1] for n in numbers] == ["00001", "00002", "00003"]


def test_a_rolled_back_issue_gives_its_number_back(session, clerk):
    first, second = drafts(session, 2)
    session.commit()
    set_status(session, clerk, first.id, S.SENT)
    session.rollback()
    assert set_status(session, clerk, second.id, S.SENT).number.endswith("-00001")
    assert session.exec(select(NumberCounter.next_value)).one() == 2


def test_a_refused_transition_explains_and_changes_nothing(session, clerk):
    (draft,) = drafts(session, 1)
    set_status(session, clerk, draft.id, S.SENT)
    session.commit()
    with pytest.raises(BillingError) as error:
        set_status(session, clerk, draft.id, S.DRAFT)
    assert error.value.code == "transition_refused"
    session.rollback()
    assert session.get(Invoice, draft.id).status == S.SENT


def test_a_read_only_user_cannot_change_a_status(session, clerk):
    (draft,) = drafts(session, 1)
    viewer = factories.actor(factories.user(session, Role.READ_ONLY, email="v@example.com"))
    session.commit()
    with pytest.raises(BillingError) as error:
        set_status(session, viewer, draft.id, S.SENT)
    assert error.value.code == "forbidden"
    session.rollback()
    assert session.get(Invoice, draft.id).status == S.DRAFT
    assert session.exec(select(NumberCounter)).all() == []


def test_manual_changes_between_issued_statuses_keep_the_number(session, clerk):
    (draft,) = drafts(session, 1)
    number = set_status(session, clerk, draft.id, S.SENT).number
    set_status(session, clerk, draft.id, S.PAID)
    change = set_status(session, clerk, draft.id, S.EXPORTED)
    assert change.number == number
    assert session.get(Invoice, draft.id).version == 4


def test_a_refund_is_not_a_manual_status(session, clerk):
    (draft,) = drafts(session, 1)
    set_status(session, clerk, draft.id, S.PAID)
    with pytest.raises(BillingError, match="only by payments, sync"):
        set_status(session, clerk, draft.id, S.REFUNDED, Via.MANUAL)


def test_numbering_restarts_each_year_in_its_own_series(session, clerk):
    account = session.get(AccountSettings, 1)
    assert take_next_number(session, account, dt.date(2026, 12, 31)).number == "2026-00001"
    assert take_next_number(session, account, dt.date(2027, 1, 1)).number == "2027-00001"
    account.number_reset_yearly = False
    account.number_format = "INV-{seq:04}"
    assert take_next_number(session, account, dt.date(2027, 1, 2)).number == "INV-0001"
    assert take_next_number(session, account, dt.date(2028, 1, 2)).number == "INV-0002"


def test_a_customers_own_payment_terms_set_the_due_date(session, clerk):
    acme = factories.customer(session, payment_terms_days=60)
    draft = factories.invoice(session, acme)
    set_status(session, clerk, draft.id, S.SENT)
    invoice = session.get(Invoice, draft.id)
    assert invoice.due_date == invoice.issue_date + dt.timedelta(days=60)
