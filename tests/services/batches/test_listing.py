import datetime as dt
from decimal import Decimal

from billing_app.domain.status import InvoiceStatus
from billing_app.services.actor import SYSTEM
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.listing import batch_summary, list_batches
from billing_app.services.batches.save import save_batch
from billing_app.services.invoices.listing import list_invoices
from billing_app.services.invoices.status import set_status
from tests.scenarios.test_november_month import NOV, build_month


def test_batches_show_counts_per_status_and_totals_per_currency(session):
    build_month(session)
    saved = save_batch(session, SYSTEM, "November 2026", *NOV, RunFilters())
    set_status(session, SYSTEM, saved.invoice_ids[0], InvoiceStatus.SENT)
    (row,) = list_batches(session, SYSTEM)
    assert (row.name, row.period_start, row.invoices) == ("November 2026", dt.date(2026, 11, 1), 6)
    assert row.totals == {"EUR": Decimal("5831.60"), "JPY": Decimal(34500),
                          "USD": Decimal("207.50")}  # fmt: skip
    assert row.by_status == {InvoiceStatus.DRAFT: 5, InvoiceStatus.SENT: 1}
    summary, tickets = batch_summary(session, SYSTEM, saved.batch_id)
    assert summary == row
    assert len(tickets) == 3  # Beta's, Delta's and Epsilon's closed tickets
    assert list_invoices(session, SYSTEM, batch_id=saved.batch_id).total == 6
    assert list_invoices(session, SYSTEM, batch_id=saved.batch_id + 1).total == 0
