import datetime as dt

from sqlmodel import select

from billing_app.domain.contracts import ContractType
from billing_app.models import AccountSettings, Contract, Invoice
from billing_app.services.actor import SYSTEM
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.preview import ExceptionKind, preview_batch
from billing_app.services.batches.save import save_batch
from billing_app.services.demo_data import load_demo_data

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_the_demo_msp_bills_last_month_for_every_contract(session):
    session.add(AccountSettings(legal_name="MSP", country="IT", currency="EUR", locale="it_IT"))
    load_demo_data(session, today=dt.date(2026, 11, 26))
    preview = preview_batch(session, SYSTEM, *OCT, RunFilters())
    billed_types = {session.get(Contract, invoice.contract_id).type for invoice in preview.invoices}
    assert billed_types == set(ContractType)
    kinds = {problem.kind for problem in preview.exceptions}
    assert {ExceptionKind.OPEN_TICKET, ExceptionKind.NO_BILLING_EMAIL} <= kinds
    for invoice in preview.invoices:
        assert invoice.totals.total == invoice.totals.net + invoice.totals.tax
        assert invoice.currency in ("EUR", "GBP")
    saved = save_batch(session, SYSTEM, "October 2026", *OCT, RunFilters())
    invoices = session.exec(select(Invoice).where(Invoice.batch_id == saved.batch_id)).all()
    assert len(invoices) == len(preview.invoices)
    assert sum(i.total for i in invoices) == sum(p.totals.total for p in preview.invoices)
