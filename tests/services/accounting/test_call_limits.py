"""What the exports do when a provider says 429: a minute limit is waited out (never more than
MAX_WAIT at a time), a daily limit (or a Retry-After of hours) stops the run with the sentence
saying when it can resume, the invoices not sent left as they were for a rerun. Every sleep is
fake: a test that would wait for hours ends at once, its waits recorded."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.rate_limit import CONCURRENT_WAIT
from billing_app.domain.status import InvoiceStatus
from billing_app.models import ExportRecord, Invoice, InvoiceExport
from billing_app.services.accounting import xero_export
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.xero_calls import XeroAccess
from billing_app.services.actor import Actor
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_qbo_export import Sleeps
from tests.services.accounting.test_qbo_export import export as qbo_export
from tests.services.accounting.test_xero_export import access, customers, issued, run

__all__ = ["access"]  # the fixture


def exported(session: Session, provider: Provider) -> set[int]:
    links = session.exec(select(InvoiceExport).where(InvoiceExport.provider == provider)).all()
    return {link.invoice_id for link in links}


def test_a_xero_429_asking_40000_seconds_stops_the_run_and_leaves_the_rest_resumable(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess, monkeypatch
) -> None:
    owner = customers(session, 1)[0]
    ids = [issued(session, owner).id for _ in range(60)]  # two calls: 50 + 10
    session.commit()
    push_chunk = xero_export.push_chunk

    def then_limited(*args, **kwargs) -> None:  # the first chunk goes, then Xero says 429
        push_chunk(*args, **kwargs)
        xero_server.rate_limit(calls=6, retry_after=40000)

    monkeypatch.setattr(xero_export, "push_chunk", then_limited)
    results, time = run(session, clerk, ids, access)
    assert time.slept == []  # no 11-hour sleep, no wait at all
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 50 + [Outcome.FAILED] * 10
    sentence = results[-1].message
    assert sentence.startswith(
        "Xero's call limit for this organisation is used up; the export can resume after "
    )
    assert "(in about 11 hours)" in sentence
    assert sentence.endswith("Nothing else was changed.")
    assert [e.status for e in xero_server.log if e.kind == "PUT Invoices"] == [200, 429]
    rest = ids[50:]
    assert not exported(session, Provider.XERO) & set(rest)
    assert {session.get_one(Invoice, i).status for i in rest} == {InvoiceStatus.SENT}
    failed = session.exec(select(ExportRecord).where(ExportRecord.result == ExportResult.FAILED))
    assert {(r.invoice_id, r.error) for r in failed} == {(i, sentence) for i in rest}

    xero_server.rate_limit(calls=0)
    again, _ = run(session, clerk, rest, access)  # the rerun, once the limit is over
    assert [r.outcome for r in again] == [Outcome.EXPORTED] * 10
    assert exported(session, Provider.XERO) == set(ids) and len(xero_server.ledger.invoices) == 60


def test_xeros_daily_limit_stops_before_anything_is_sent(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    ids = [issued(session, owner).id for owner in customers(session, 2)]
    session.commit()
    xero_server.rate_limit(calls=1, retry_after=3600, problem="day")
    results, time = run(session, clerk, ids, access)
    assert time.slept == [] and [r.outcome for r in results] == [Outcome.FAILED] * 2
    assert results[0].message.startswith(
        "Xero's daily call limit for this organisation is used up; the export can resume after "
    )
    assert "(in about 60 minutes)" in results[0].message
    assert xero_server.calls["GET Contacts"] == 1 and not xero_server.ledger.invoices
    assert not exported(session, Provider.XERO)
    again, _ = run(session, clerk, ids, access)
    assert [r.outcome for r in again] == [Outcome.EXPORTED] * 2


def test_xeros_minute_limit_is_waited_out_by_every_process_and_the_run_goes_on(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    invoice = issued(session, customers(session, 1)[0])
    session.commit()
    xero_server.rate_limit(calls=2, retry_after=45, problem="minute")
    (result,), time = run(session, clerk, [invoice.id], access)
    assert result.outcome is Outcome.EXPORTED and time.slept == [45.0, 45.0]


def test_xeros_concurrent_limit_is_a_short_pause_for_this_run_only(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    first, second = (issued(session, owner).id for owner in customers(session, 2))
    session.commit()
    xero_server.rate_limit(calls=1, retry_after=30, problem="concurrent")
    (result,), time = run(session, clerk, [first], access)
    assert result.outcome is Outcome.EXPORTED and time.slept == [CONCURRENT_WAIT]
    (result,), time = run(session, clerk, [second], access)
    assert result.outcome is Outcome.EXPORTED and time.slept == []  # no hold was left


def test_a_quickbooks_throttle_asking_hours_stops_the_run_and_leaves_the_invoices(
    session: Session, clerk: Actor, qbo_server: QboServer
) -> None:
    setup.account(session)
    ids = setup.drafts(session, setup.customers(session, 1), 2)
    qbo_server.throttle(kind="batch", retry_after=40000)  # the customer's batch
    sleeps = Sleeps()
    results = qbo_export(session, clerk, qbo_server, ids, sleeps)
    assert sleeps == [] and [r.outcome for r in results] == [Outcome.FAILED] * 2
    assert results[0].message.startswith(
        "QuickBooks' call limit for this company is used up; the export can resume after "
    )
    assert not qbo_server.records("Invoice") and not exported(session, Provider.QUICKBOOKS)
    again = qbo_export(session, clerk, qbo_server, ids)
    assert [r.outcome for r in again] == [Outcome.EXPORTED] * 2


@pytest.mark.parametrize("retry_after", [0, 20])
def test_a_quickbooks_throttle_is_waited_out_then_the_export_goes_on(
    session: Session, clerk: Actor, qbo_server: QboServer, retry_after: int
) -> None:
    setup.account(session)
    ids = setup.drafts(session, setup.customers(session, 1), 2)
    qbo_server.throttle(kind="batch", retry_after=retry_after)
    sleeps = Sleeps()
    results = qbo_export(session, clerk, qbo_server, ids, sleeps)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 2
    assert sleeps == [retry_after or 60.0]  # its Retry-After, else a minute
