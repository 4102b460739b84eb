import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.models import (
    AccountSettings,
    BilledSource,
    Expense,
    Invoice,
    InvoiceLine,
    Product,
)
from billing_app.services.invoices.add_work import add_work_lines
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.lines import (
    LineChanges,
    add_line,
    add_product_line,
    move_line,
    remove_line,
    update_line,
)
from billing_app.services.invoices.status import set_status
from tests import factories

D = Decimal


@pytest.fixture
def setup(session):
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT"))  # fmt: skip
    clerk = factories.actor(factories.user(session, Role.BILLING))
    acme = factories.customer(session)
    contract = factories.contract(session, acme, rounding_increment_minutes=15)
    ticket = factories.ticket(session, acme, contract_id=contract.id)
    entry = factories.time_entry(session, ticket, duration_minutes=50)
    ssd = factories.add(session, Product(sku="SSD", name="SSD 1 TB", unit_price=D("89.90"),
                                         tax_rate=D(22)))  # fmt: skip
    invoice_id = create_flexible_invoice(session, clerk, acme.id)
    session.commit()
    return clerk, acme, entry, ssd, invoice_id


def custom(description="Setup", quantity="1", price="100.00", **extra):
    return InvoiceLine(kind=LineKind.CUSTOM, description=description, quantity=D(quantity),
                       unit_price=D(price), tax_rate=D(22), invoice_id=0, **extra)  # fmt: skip


def lines_of(session, invoice_id):
    return session.exec(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)
                        .order_by(InvoiceLine.position)).all()  # fmt: skip


def test_a_flexible_invoice_takes_custom_product_and_work_lines(session, setup):
    clerk, _, entry, ssd, invoice_id = setup
    add_line(session, clerk, invoice_id, custom())
    add_product_line(session, clerk, invoice_id, ssd.id, D(2))
    add_work_lines(session, clerk, invoice_id, time_entry_ids=[entry.id])
    invoice = session.get(Invoice, invoice_id)
    # 100.00 + 2 x 89.90 + 50 min rounded up to 1 h x 65 → net 344.80;
    # VAT 22.00 + 39.56 + 14.30 = 75.86
    assert (invoice.net_total, invoice.tax_total, invoice.total) == (
        D("344.80"), D("75.86"), D("420.66"))  # fmt: skip
    assert invoice.batch_id is None
    keys = session.exec(select(BilledSource.source_key)).all()
    assert keys == [f"time_entry:{entry.id}"]


def test_changing_a_line_recomputes_the_totals(session, setup):
    clerk, _, _, _, invoice_id = setup
    line_id = add_line(session, clerk, invoice_id, custom())
    update_line(session, clerk, line_id, LineChanges(quantity=D(3), discount=D("30.00")))
    invoice = session.get(Invoice, invoice_id)
    assert (invoice.net_total, invoice.total) == (D("270.00"), D("329.40"))


def test_removing_a_work_line_unlocks_the_work(session, setup):
    clerk, _, entry, _, invoice_id = setup
    add_work_lines(session, clerk, invoice_id, time_entry_ids=[entry.id])
    (line,) = lines_of(session, invoice_id)
    remove_line(session, clerk, line.id)
    assert session.exec(select(BilledSource)).all() == []
    assert session.get(Invoice, invoice_id).total == 0


def test_lines_can_be_reordered(session, setup):
    clerk, _, _, _, invoice_id = setup
    first = add_line(session, clerk, invoice_id, custom("First"))
    add_line(session, clerk, invoice_id, custom("Second"))
    move_line(session, clerk, first, 5)
    assert [line.description for line in lines_of(session, invoice_id)] == ["Second", "First"]


def test_work_billed_elsewhere_cannot_be_added_again(session, setup):
    clerk, acme, entry, _, invoice_id = setup
    add_work_lines(session, clerk, invoice_id, time_entry_ids=[entry.id])
    other = create_flexible_invoice(session, clerk, acme.id)
    with pytest.raises(BillingError) as error:
        add_work_lines(session, clerk, other, time_entry_ids=[entry.id])
    assert error.value.code == "work_locked"


def test_another_customers_expense_is_refused(session, setup):
    clerk, _, _, _, invoice_id = setup
    other = factories.customer(session, name="Other")
    expense = factories.add(session, Expense(customer_id=other.id, spent_on=dt.date(2026, 10, 1),
                                             description="Cable", amount=D(10)))  # fmt: skip
    with pytest.raises(BillingError) as error:
        add_work_lines(session, clerk, invoice_id, expense_ids=[expense.id])
    assert error.value.code == "not_billable_here"


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (custom(quantity="1000000000000"), "amount_too_large"),
        (custom(description="  "), "invalid_description"),
        (custom(quantity="1.00001"), "too_many_decimals"),
        (custom(discount=D("150")), "discount_too_large"),
        (custom(), "invalid_tax_rate"),  # tax rate set to 122% in the test
    ],
)
def test_bad_lines_are_refused_and_nothing_is_saved(session, setup, line, code):
    clerk, _, _, _, invoice_id = setup
    if code == "invalid_tax_rate":
        line.tax_rate = D(122)
    with pytest.raises(BillingError) as error:
        add_line(session, clerk, invoice_id, line)
    assert error.value.code == code
    session.rollback()
    assert lines_of(session, invoice_id) == []


def test_an_issued_invoice_is_frozen(session, setup):
    clerk, _, _, _, invoice_id = setup
    line_id = add_line(session, clerk, invoice_id, custom())
    number = set_status(session, clerk, invoice_id, InvoiceStatus.SENT).number
    with pytest.raises(BillingError) as error:
        update_line(session, clerk, line_id, LineChanges(unit_price=D(1)))
    assert error.value.code == "invoice_frozen"
    assert f"Invoice {number} is Sent: its lines are frozen" in error.value.message
    with pytest.raises(BillingError):
        remove_line(session, clerk, line_id)


def test_exempt_customers_buy_products_without_tax(session, setup):
    clerk, _, _, ssd, _ = setup
    abroad = factories.customer(session, name="Müller GmbH", country="DE", tax_exempt=True)
    invoice_id = create_flexible_invoice(session, clerk, abroad.id)
    add_product_line(session, clerk, invoice_id, ssd.id, D(1))
    assert session.get(Invoice, invoice_id).total == D("89.90")


@pytest.mark.parametrize("quantity", ["-2", "0"])
def test_a_line_quantity_must_be_above_zero_and_nothing_is_added(session, setup, quantity):
    clerk, _, _, ssd, invoice_id = setup
    with pytest.raises(BillingError, match="negative unit price instead"):
        add_product_line(session, clerk, invoice_id, ssd.id, D(quantity))
    assert lines_of(session, invoice_id) == []


def test_a_credit_is_a_negative_unit_price_not_a_negative_quantity(session, setup):
    clerk, _, _, _, invoice_id = setup
    add_line(session, clerk, invoice_id, custom(description="Goodwill credit", price="-50.00"))
    assert session.get(Invoice, invoice_id).net_total == D("-50.00")
