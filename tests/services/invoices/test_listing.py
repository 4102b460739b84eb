import datetime as dt
from decimal import Decimal

from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import InvoiceBatch
from billing_app.services.invoices.listing import InvoiceFilters, SortKey, list_invoices
from billing_app.services.paging import PAGE_SIZE
from tests import factories


def test_issued_invoices_come_by_number_then_drafts_newest_first(session):
    reader = factories.actor(factories.user(session, Role.READ_ONLY))
    acme = factories.customer(session, name="Acme")
    older_draft = factories.invoice(session, acme)
    second = factories.invoice(
        session,
        acme,
        status=InvoiceStatus.SENT,
        number="2026-00002",
        sequence=2,
        total=Decimal("122.00"),
        amount_paid=Decimal("22.00"),
    )
    first = factories.invoice(session, acme, status=InvoiceStatus.PAID, number="2026-00001",
                              sequence=1)  # fmt: skip
    newer_draft = factories.invoice(session, acme)
    page = list_invoices(session, reader)
    assert [row.id for row in page.rows] == [first.id, second.id, newer_draft.id, older_draft.id]
    assert page.rows[1].balance_due == Decimal("100.00")
    assert (page.rows[0].customer, page.rows[2].number) == ("Acme", None)


def test_invoices_come_fifty_a_page(session):
    reader = factories.actor(factories.user(session, Role.READ_ONLY))
    acme = factories.customer(session)
    for _ in range(PAGE_SIZE + 1):
        factories.invoice(session, acme)
    assert [len(list_invoices(session, reader, p).rows) for p in (0, 1)] == [PAGE_SIZE, 1]
    assert list_invoices(session, reader, 9).page == 1


def test_invoices_filter_by_status_customer_batch_dates_and_search(session):
    reader = factories.actor(factories.user(session, Role.READ_ONLY))
    acme = factories.customer(session, name="Acme")
    zeta = factories.customer(session, name="Zeta Srl")
    sent = factories.invoice(session, acme, status=InvoiceStatus.SENT, number="2026-00007",
                             sequence=7, total=Decimal(50))  # fmt: skip
    draft = factories.invoice(session, zeta, total=Decimal(900))

    def by(**f):
        return [r.id for r in list_invoices(session, reader, filters=InvoiceFilters(**f)).rows]

    assert by(status=InvoiceStatus.SENT) == [sent.id]
    assert by(customer_id=zeta.id) == [draft.id]
    assert by(search="00007") == [sent.id]
    assert by(search="zeta") == [draft.id]
    today = sent.created_at.date()
    assert set(by(since=today, until=today)) == {sent.id, draft.id}
    assert by(since=today + dt.timedelta(days=1)) == []
    assert by(sort=SortKey.TOTAL, descending=True) == [draft.id, sent.id]
    assert by(sort=SortKey.CUSTOMER) == [sent.id, draft.id]
    assert by(sort=SortKey.BALANCE) == [sent.id, draft.id]


def test_the_next_page_continues_the_order_by_customer_name(session):
    reader = factories.actor(factories.user(session, Role.READ_ONLY))
    invoices = [
        factories.invoice(session, factories.customer(session, name=f"Customer {n:02}"))
        for n in reversed(range(PAGE_SIZE + 3))
    ]
    by_name = InvoiceFilters(sort=SortKey.CUSTOMER, descending=True)
    pages = [list_invoices(session, reader, p, filters=by_name) for p in (0, 1)]
    listed = [row.customer for page in pages for row in page.rows]
    assert listed == [f"Customer {n:02}" for n in reversed(range(PAGE_SIZE + 3))]
    assert [row.id for row in pages[1].rows] == [i.id for i in invoices[PAGE_SIZE:]]


def test_search_finds_invoices_by_batch_name_and_counts_only_the_matches(session):
    reader = factories.actor(factories.user(session, Role.READ_ONLY))
    acme = factories.customer(session, name="Acme")
    period = {"period_start": dt.date(2026, 10, 1), "period_end": dt.date(2026, 10, 31)}
    october = factories.add(session, InvoiceBatch(name="October 2026", **period))
    batched = factories.invoice(session, acme, batch_id=october.id)
    factories.invoice(session, acme)
    found = list_invoices(session, reader, filters=InvoiceFilters(search="OCTOBER"))
    assert ([row.id for row in found.rows], found.total, found.rows[0].batch) == (
        [batched.id],
        1,
        "October 2026",
    )
    assert list_invoices(session, reader, filters=InvoiceFilters(search="november")).total == 0


def test_the_customer_filter_takes_part_of_the_name(session):
    reader = factories.actor(factories.user(session, Role.READ_ONLY))
    rossi = factories.customer(session, name="Ferramenta Rossi")
    factories.invoice(session, rossi)
    factories.invoice(session, factories.customer(session, name="Hotel Lago Blu"))
    found = list_invoices(session, reader, filters=InvoiceFilters(customer=" rossi "))
    assert [row.customer for row in found.rows] == ["Ferramenta Rossi"]


def test_a_number_with_letters_is_found_whatever_case_is_typed(session):
    reader = factories.actor(factories.user(session, Role.READ_ONLY))
    acme = factories.customer(session, name="Acme")
    issued = factories.invoice(session, acme, status=InvoiceStatus.SENT, number="INV-2026-00042",
                               sequence=42)  # fmt: skip
    for typed in ("inv-2026-00042", "INV-2026", "00042"):
        found = list_invoices(session, reader, filters=InvoiceFilters(search=typed))
        assert [row.id for row in found.rows] == [issued.id], typed
