import datetime as dt

import pytest

from billing_app.domain.accounting import ExportedDocument, ExportResult, Provider
from billing_app.domain.errors import BillingError
from billing_app.models import ExportRecord
from billing_app.services.accounting.export_log_listing import export_log
from billing_app.services.paging import PAGE_SIZE
from tests import factories

START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def attempt(session, invoice_id: int, minutes: int, **fields) -> ExportRecord:
    values = {"invoice_id": invoice_id, "provider": Provider.XERO, "result": ExportResult.SUCCESS,
              "invoice_version": 1, "idempotency_key": f"k{minutes}",
              "attempted_at": START + dt.timedelta(minutes=minutes)} | fields  # fmt: skip
    return factories.add(session, ExportRecord(**values))


def test_the_log_is_empty_before_any_export(session, admin):
    listed = export_log(session, admin)
    assert listed.rows == [] and listed.total == 0 and listed.pages == 1


def test_attempts_are_listed_newest_first_with_their_outcome(session, admin):
    owner = factories.customer(session)
    draft = factories.invoice(session, owner)
    attempt(session, draft.id, 1, external_id="X-1")
    attempt(session, draft.id, 5, provider=Provider.QUICKBOOKS, result=ExportResult.FAILED,
            error="QuickBooks refused the request: Duplicate")  # fmt: skip
    first, second = export_log(session, admin).rows
    assert (first.provider, first.succeeded, first.error) == (
        "QuickBooks Online", False, "QuickBooks refused the request: Duplicate",
    )  # fmt: skip
    assert first.invoice_number == f"Draft #{draft.id}" and first.external_id == ""
    assert (second.succeeded, second.external_id, second.provider) == (True, "X-1", "Xero")
    assert first.document == second.document == "Invoice"
    assert first.at.endswith("UTC")


def test_a_credit_note_attempt_says_so(session, admin):
    draft = factories.invoice(session, factories.customer(session))
    attempt(session, draft.id, 1, document=ExportedDocument.CREDIT_NOTE)
    (row,) = export_log(session, admin).rows
    assert row.document == "Credit note"


def test_a_long_log_is_paged(session, admin):
    draft = factories.invoice(session, factories.customer(session))
    for minute in range(PAGE_SIZE + 3):
        attempt(session, draft.id, minute)
    second = export_log(session, admin, page=1)
    assert (second.total, second.page, second.pages, len(second.rows)) == (PAGE_SIZE + 3, 1, 2, 3)
    assert second.rows[-1].at == export_log(session, admin, page=9).rows[-1].at  # clamped


def test_a_clerk_cannot_see_the_export_log(session, clerk):
    with pytest.raises(BillingError) as refused:
        export_log(session, clerk)
    assert refused.value.code == "forbidden"
