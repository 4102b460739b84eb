import datetime as dt

import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.models import InvoiceBatch
from billing_app.models.types import utcnow
from billing_app.services.changes import billing_fingerprint
from tests import factories


@pytest.fixture
def reader(session):
    return factories.actor(factories.user(session, Role.READ_ONLY))


def test_the_fingerprint_stays_while_nothing_changes(session, reader):
    factories.invoice(session, factories.customer(session))
    assert billing_fingerprint(session, reader) == billing_fingerprint(session, reader)


def test_the_fingerprint_moves_when_an_invoice_changes_or_goes(session, reader):
    invoice = factories.invoice(session, factories.customer(session))
    seen = billing_fingerprint(session, reader)
    invoice.updated_at = utcnow() + dt.timedelta(seconds=1)
    session.flush()
    changed = billing_fingerprint(session, reader)
    assert changed != seen
    session.delete(invoice)
    session.flush()
    assert billing_fingerprint(session, reader) not in (seen, changed)


def test_the_fingerprint_moves_when_a_batch_is_added(session, reader):
    seen = billing_fingerprint(session, reader)
    period = {"period_start": dt.date(2026, 10, 1), "period_end": dt.date(2026, 10, 31)}
    factories.add(session, InvoiceBatch(name="October 2026", **period))
    assert billing_fingerprint(session, reader) != seen


def test_the_fingerprint_is_refused_to_a_technician(session):
    technician = factories.actor(factories.user(session, Role.TECHNICIAN))
    session.commit()  # the refusal is audited in a transaction of its own
    with pytest.raises(BillingError) as refused:
        billing_fingerprint(session, technician)
    assert refused.value.code == "forbidden"
