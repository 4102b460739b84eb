import datetime as dt
from decimal import Decimal

from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind, TicketStatus, source_key
from billing_app.models import AccountSettings, BilledSource, Expense
from billing_app.services.actor import SYSTEM
from billing_app.services.dashboard import home_counts, home_overview, unbilled_by_customer
from tests import factories


def test_home_counts_open_tickets_unbilled_hours_and_drafts(session):
    acme = factories.customer(session)
    open_ticket = factories.ticket(session, acme, status=TicketStatus.OPEN)
    factories.ticket(session, acme, status=TicketStatus.PENDING)
    factories.ticket(session, acme, status=TicketStatus.CLOSED)
    factories.time_entry(session, open_ticket, duration_minutes=90)
    factories.time_entry(session, open_ticket, duration_minutes=30, billable=False)
    factories.invoice(session, acme)
    factories.invoice(session, acme, status=InvoiceStatus.SENT, number="2026-00001", sequence=1)
    counts = home_counts(session)
    assert (
        counts.open_tickets,
        counts.unbilled_hours,
        counts.draft_invoices,
        counts.customers,
    ) == (
        2,
        Decimal("1.5"),
        1,
        1,
    )


def test_billed_time_no_longer_counts_as_unbilled(session):
    acme = factories.customer(session)
    ticket = factories.ticket(session, acme)
    billed = factories.time_entry(session, ticket, duration_minutes=60)
    factories.time_entry(session, ticket, duration_minutes=30)
    draft = factories.invoice(session, acme)
    factories.add(
        session,
        BilledSource(source_key=source_key(LineKind.TIME_ENTRY, billed.id), invoice_id=draft.id),
    )
    assert home_counts(session).unbilled_hours == Decimal("0.5")


def test_overview_names_the_account_and_its_locale(session):
    factories.add(
        session,
        AccountSettings(
            legal_name="Rete Sicura S.r.l.",
            country="IT",
            currency="EUR",
            locale="it_IT",
            updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        ),
    )
    overview = home_overview(session, SYSTEM)
    assert (overview.account_name, overview.locale, overview.currency) == (
        "Rete Sicura S.r.l.",
        "it_IT",
        "EUR",
    )


def test_unbilled_work_per_customer_rounds_each_expense_with_its_markup(session):
    acme = factories.customer(session, name="Acme")
    thames = factories.customer(session, name="Thames Ltd", country="GB", currency="GBP")
    factories.time_entry(session, factories.ticket(session, acme), duration_minutes=50)
    factories.time_entry(session, factories.ticket(session, thames), duration_minutes=125)
    for amount in ("10.05", "10.05"):  # 11.055 each: 11.06 per line, not round(22.11) = 22.11
        factories.add(
            session,
            Expense(customer_id=acme.id, spent_on=dt.date(2026, 10, 2), description="Cable",
                    amount=Decimal(amount), markup_percent=Decimal(10)),
        )  # fmt: skip
    billed = factories.add(
        session,
        Expense(customer_id=acme.id, spent_on=dt.date(2026, 10, 3), description="Billed",
                amount=Decimal(99)),
    )  # fmt: skip
    draft = factories.invoice(session, acme)
    factories.add(
        session,
        BilledSource(source_key=source_key(LineKind.EXPENSE, billed.id), invoice_id=draft.id),
    )
    rows = [(r.customer, r.currency, r.hours, r.expenses) for r in unbilled_by_customer(session)]
    assert rows == [
        ("Thames Ltd", "GBP", Decimal("2.08"), Decimal(0)),
        ("Acme", "EUR", Decimal("0.83"), Decimal("22.12")),
    ]


def test_nothing_unbilled_gives_an_empty_list(session):
    factories.customer(session)
    assert unbilled_by_customer(session) == []
