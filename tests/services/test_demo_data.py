import datetime as dt
from collections import Counter

from sqlmodel import func, select

from billing_app.domain.contracts import ContractType
from billing_app.domain.tax_rates import seed_rates
from billing_app.domain.work import TicketStatus
from billing_app.models import (
    Contract,
    ContractUnitLine,
    Customer,
    Invoice,
    InvoiceLine,
    Product,
    Ticket,
    TimeEntry,
    UnitCount,
)
from billing_app.services.demo_data import database_is_empty, load_demo_data

TODAY = dt.date(2026, 11, 26)


def snapshot(session):
    return [
        (t.subject, t.status, t.opened_at, t.technician)
        for t in session.exec(select(Ticket).order_by(Ticket.id))
    ] + [
        (e.duration_minutes, e.work_type)
        for e in session.exec(select(TimeEntry).order_by(TimeEntry.id))
    ]


def test_demo_data_is_a_small_msp_in_several_countries_with_every_contract_type(session):
    summary = load_demo_data(session, today=TODAY)
    session.commit()
    assert 8 <= summary.customers <= 12
    countries = {c.country for c in session.exec(select(Customer))}
    assert 2 <= len(countries) <= 3
    assert {c.type for c in session.exec(select(Contract))} == set(ContractType)
    assert summary.products >= 8
    assert session.exec(select(func.count()).select_from(UnitCount)).one() == len(
        session.exec(select(ContractUnitLine)).all()
    )


def test_demo_work_falls_in_last_month_with_billable_and_open_tickets(session):
    load_demo_data(session, today=TODAY)
    session.commit()
    tickets = session.exec(select(Ticket)).all()
    assert all(t.opened_at.date().month == 10 and t.opened_at.year == 2026 for t in tickets)
    statuses = Counter(t.status for t in tickets)
    assert statuses[TicketStatus.CLOSED] + statuses[TicketStatus.RESOLVED] > 0
    assert statuses[TicketStatus.OPEN] + statuses[TicketStatus.PENDING] > 0
    assert all((t.resolved_at is not None) == t.status.billable for t in tickets)


def test_demo_invoices_are_drafts_whose_totals_match_their_lines(session):
    load_demo_data(session, today=TODAY)
    session.commit()
    for invoice in session.exec(select(Invoice)):
        lines = session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)).all()
        assert invoice.number is None
        assert invoice.net_total == sum(line.net for line in lines)
        assert invoice.total == invoice.net_total + invoice.tax_total


def test_the_same_seed_gives_the_same_data(session):
    load_demo_data(session, today=TODAY, seed=11)
    first = snapshot(session)
    session.rollback()
    assert database_is_empty(session)
    load_demo_data(session, today=TODAY, seed=11)
    assert snapshot(session) == first


def test_a_different_seed_gives_different_work(session):
    load_demo_data(session, today=TODAY, seed=1)
    first = snapshot(session)
    session.rollback()
    load_demo_data(session, today=TODAY, seed=2)
    assert snapshot(session) != first


def test_products_have_unique_skus(session):
    load_demo_data(session, today=TODAY)
    skus = session.exec(select(Product.sku)).all()
    assert len(skus) == len(set(skus))


def test_every_demo_rate_is_a_named_rate_of_the_italian_account(session):
    load_demo_data(session, today=TODAY)
    named = {seed.rate for seed in seed_rates("IT")}
    used = (
        set(session.exec(select(Product.tax_rate)))
        | set(session.exec(select(Contract.tax_rate)))
        | set(session.exec(select(InvoiceLine.tax_rate)))
    )
    assert used <= named
