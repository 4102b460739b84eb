"""The database itself refuses what the invariants forbid, whatever the code does."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from billing_app.domain.contracts import ContractType
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind, source_key
from billing_app.models import BilledSource, Contract, InvoiceLine, TaxRate
from tests import factories


def lock(session, invoice, key):
    return factories.add(session, BilledSource(source_key=key, invoice_id=invoice.id))


def test_a_source_cannot_be_on_two_live_invoices(session):
    acme = factories.customer(session)
    first, second = factories.invoice(session, acme), factories.invoice(session, acme)
    lock(session, first, source_key(LineKind.TIME_ENTRY, 7))
    session.commit()
    with pytest.raises(IntegrityError):
        lock(session, second, source_key(LineKind.TIME_ENTRY, 7))


def test_contract_fees_are_locked_per_period(session):
    acme = factories.customer(session)
    draft = factories.invoice(session, acme)
    lock(session, draft, source_key(LineKind.CONTRACT_FEE, 3, dt.date(2026, 10, 1)))
    lock(session, draft, source_key(LineKind.CONTRACT_FEE, 3, dt.date(2026, 11, 1)))
    session.commit()
    with pytest.raises(IntegrityError):
        lock(session, draft, source_key(LineKind.CONTRACT_FEE, 3, dt.date(2026, 11, 1)))


def test_deleting_an_invoice_unlocks_its_work_and_deletes_its_lines(session):
    acme = factories.customer(session)
    draft = factories.invoice(session, acme)
    line = factories.add(
        session,
        InvoiceLine(
            invoice_id=draft.id,
            kind=LineKind.CUSTOM,
            description="Setup",
            quantity=Decimal(1),
            unit_price=Decimal(10),
        ),
    )
    factories.add(
        session, BilledSource(source_key="expense:1", invoice_id=draft.id, invoice_line_id=line.id)
    )
    session.commit()
    session.delete(draft)
    session.commit()
    assert session.exec(select(BilledSource)).all() == []
    assert session.exec(select(InvoiceLine)).all() == []


def test_a_draft_has_no_number(session):
    acme = factories.customer(session)
    with pytest.raises(IntegrityError):
        factories.invoice(session, acme, number="2026-00001", series="2026", sequence=1)


def test_an_issued_invoice_must_have_a_number(session):
    acme = factories.customer(session)
    with pytest.raises(IntegrityError):
        factories.invoice(session, acme, status=InvoiceStatus.SENT)


def test_a_number_is_used_once_per_series(session):
    acme = factories.customer(session)
    factories.invoice(session, acme, status=InvoiceStatus.SENT, number="2026-00001", sequence=1)
    session.commit()
    with pytest.raises(IntegrityError):
        factories.invoice(session, acme, status=InvoiceStatus.SENT, number="X-1", sequence=1)


def test_the_same_number_text_cannot_be_issued_twice(session):
    acme = factories.customer(session)
    factories.invoice(session, acme, status=InvoiceStatus.SENT, number="2026-00001", sequence=1)
    session.commit()
    with pytest.raises(IntegrityError):
        factories.invoice(
            session, acme, status=InvoiceStatus.SENT, number="2026-00001", series="b", sequence=1
        )


def test_unknown_status_is_refused_by_the_database(session):
    acme = factories.customer(session)
    draft = factories.invoice(session, acme)
    session.commit()
    with pytest.raises(IntegrityError):
        session.connection().exec_driver_sql(
            f"UPDATE invoice SET status = 'lost' WHERE id = {draft.id}"
        )


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        (ContractType.RETAINER, {"fee": None}),
        (ContractType.HOURLY, {"hourly_rate": None}),
        (ContractType.BLOCK_HOURS, {"block_hours": Decimal(10), "block_price": None}),
        (ContractType.BLOCK_MONEY, {"block_amount": None}),
        (ContractType.PROJECT, {"project_billing": "fixed", "fee": None}),
    ],
)
def test_a_contract_needs_the_terms_of_its_type(session, kind, missing):
    acme = factories.customer(session)
    with pytest.raises(IntegrityError):
        factories.contract(session, acme, type=kind, **missing)


def test_a_contract_cannot_end_before_it_starts(session):
    acme = factories.customer(session)
    with pytest.raises(IntegrityError):
        factories.contract(session, acme, end_date=dt.date(2025, 12, 31))


def test_time_needs_a_ticket_or_a_contract_and_a_positive_duration(session):
    acme = factories.customer(session)
    ticket = factories.ticket(session, acme)
    session.commit()
    with pytest.raises(IntegrityError):
        factories.time_entry(session, ticket, duration_minutes=0)
    session.rollback()
    with pytest.raises(IntegrityError):
        factories.time_entry(session, ticket, ticket_id=None, contract_id=None)


def test_a_per_unit_contract_needs_no_rate(session):
    acme = factories.customer(session)
    factories.contract(session, acme, type=ContractType.PER_UNIT, hourly_rate=None)
    session.commit()
    assert session.exec(select(Contract.type)).one() == ContractType.PER_UNIT


def test_tax_rate_names_are_unique_whatever_their_case(session):
    factories.add(session, TaxRate(name="IVA 22%", rate=Decimal(22)))
    session.commit()
    with pytest.raises(IntegrityError):
        factories.add(session, TaxRate(name="iva 22%", rate=Decimal(23)))


def test_only_one_tax_rate_is_the_default_and_it_is_not_archived(session):
    factories.add(session, TaxRate(name="IVA 22%", rate=Decimal(22), is_default=True))
    factories.add(session, TaxRate(name="IVA 10%", rate=Decimal(10)))
    factories.add(session, TaxRate(name="IVA 4%", rate=Decimal(4)))
    session.commit()
    with pytest.raises(IntegrityError):
        factories.add(session, TaxRate(name="Esente", rate=Decimal(0), is_default=True))
    session.rollback()
    with pytest.raises(IntegrityError):
        session.connection().exec_driver_sql("UPDATE tax_rate SET archived = TRUE WHERE is_default")


@pytest.mark.parametrize("rate", [Decimal("100.0001"), Decimal(-1)])
def test_a_tax_rate_is_a_percentage_for_the_database_too(session, rate):
    with pytest.raises(IntegrityError):
        factories.add(session, TaxRate(name="Odd", rate=rate))
