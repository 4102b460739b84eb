import pytest
from sqlmodel import select

from billing_app.domain.errors import FieldErrors
from billing_app.domain.roles import Role
from billing_app.models import Customer
from billing_app.services.customers import (
    CustomerInput,
    list_customers,
    save_customer,
)
from tests import factories


def test_a_customer_gets_the_currency_of_its_country_unless_told_otherwise(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    london = save_customer(
        session,
        clerk,
        None,
        CustomerInput(
            name="Thames Dental", billing_emails="ap@thames.co.uk, boss@thames.co.uk", country="gb"
        ),
    )
    euro = save_customer(session, clerk, None, CustomerInput(
        name="Swiss AG", billing_emails="", country="CH", currency="eur"))  # fmt: skip
    assert (session.get(Customer, london).currency, session.get(Customer, london).country) == (
        "GBP", "GB")  # fmt: skip
    assert session.get(Customer, euro).currency == "EUR"
    assert [c.name for c in list_customers(session, clerk, search="thames").rows] == [
        "Thames Dental"
    ]


def test_bad_customer_fields_each_get_a_message_and_nothing_is_saved(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    session.commit()
    with pytest.raises(FieldErrors) as error:
        save_customer(session, clerk, None, CustomerInput(
            name=" ", billing_emails="ap@acme.it, not-an-email", country="Italy",
            payment_terms_days=400))  # fmt: skip
    assert set(error.value.fields) == {"name", "billing_emails", "country", "payment_terms_days"}
    assert "'not-an-email' is not an e-mail address" in error.value.fields["billing_emails"]
    with pytest.raises(FieldErrors) as currency:
        save_customer(session, clerk, None, CustomerInput(
            name="Acme", billing_emails="", country="IT", currency="EUX"))  # fmt: skip
    assert "EUX" in currency.value.fields["currency"]
    session.rollback()
    assert session.exec(select(Customer)).all() == []


def test_customers_come_fifty_a_page_and_a_page_past_the_end_shows_the_last(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    for number in range(51):
        factories.customer(session, name=f"Customer {number:02d}")
    first, last = list_customers(session, clerk), list_customers(session, clerk, page=9)
    assert (first.total, first.pages, len(first.rows)) == (51, 2, 50)
    assert (last.page, [c.name for c in last.rows]) == (1, ["Customer 50"])


def test_a_customer_is_found_by_its_number(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    factories.customer(session, name="Acme")
    wanted = factories.customer(session, name="Zeta")
    assert [c.name for c in list_customers(session, clerk, search=f"#{wanted.id}").rows] == [
        "Zeta"]  # fmt: skip
