"""Customers: the pickers of other pages, the list, and editing with a message per field."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.money import check_currency, currency_for_country
from billing_app.domain.roles import Permission
from billing_app.models import Customer
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.paging import ListPage, list_page, one_page, search_clause

EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")


def customer_choices(session: Session, actor: Actor) -> list[tuple[int, str]]:
    require(session, actor, Permission.VIEW_BILLING, "see customers")
    rows = session.exec(
        select(Customer.id, Customer.name).where(col(Customer.active)).order_by(col(Customer.name))
    ).all()
    return [(customer_id, name) for customer_id, name in rows if customer_id is not None]


@dataclass(frozen=True)
class CustomerInput:
    name: str
    billing_emails: str
    country: str
    currency: str = ""  # empty: the country's currency
    vat_id: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    tax_exempt: bool = False
    payment_terms_days: int | None = None


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    billing_emails: str
    street: str
    city: str
    postcode: str
    country: str
    currency: str
    vat_id: str
    tax_exempt: bool
    payment_terms_days: int | None


def list_customers(
    session: Session, actor: Actor, search: str = "", page: int = 0
) -> ListPage[CustomerRow]:
    require(session, actor, Permission.VIEW_BILLING, "see customers")
    query = select(Customer).order_by(col(Customer.name), col(Customer.id))
    found = search_clause(
        search, col(Customer.name), col(Customer.vat_id), numbers=[col(Customer.id)]
    )
    if found is not None:
        query = query.where(found)
    cut = one_page(session, query, page)
    rows = [
        CustomerRow(c.id or 0, c.name, c.billing_emails, c.street, c.city, c.postcode, c.country,
                    c.currency, c.vat_id, c.tax_exempt, c.payment_terms_days)
        for c in cut.results
    ]  # fmt: skip
    return list_page(rows, cut)


def _checked_currency(data: CustomerInput, errors: dict[str, str]) -> str:
    try:
        return check_currency(data.currency) if data.currency.strip() else (
            currency_for_country(data.country))  # fmt: skip
    except BillingError as error:
        errors["currency" if data.currency.strip() else "country"] = error.message
        return ""


def check_customer(data: CustomerInput) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "Enter the customer's name."
    emails = [e.strip() for e in data.billing_emails.split(",") if e.strip()]
    if bad := [e for e in emails if not EMAIL.match(e)]:
        errors["billing_emails"] = (
            f"'{bad[0]}' is not an e-mail address; separate several with commas."
        )
    if not re.fullmatch(r"[A-Za-z]{2}", data.country.strip()):
        errors["country"] = "Use the two-letter country code, e.g. IT, DE or GB."
    currency = "" if "country" in errors else _checked_currency(data, errors)
    if data.payment_terms_days is not None and not 0 <= data.payment_terms_days <= 365:
        errors["payment_terms_days"] = "Payment terms are between 0 and 365 days."
    return errors, currency


def save_customer(
    session: Session, actor: Actor, customer_id: int | None, data: CustomerInput
) -> int:
    require(session, actor, Permission.CHANGE_BILLING, "change customers")
    errors, currency = check_customer(data)
    if errors:
        raise FieldErrors("invalid_customer", errors)
    customer = session.get(Customer, customer_id) if customer_id else Customer(
        name="", country="", currency=currency)  # fmt: skip
    if customer is None:
        raise BillingError("customer_not_found", "That customer no longer exists; reload.")
    customer.name, customer.country = data.name.strip(), data.country.strip().upper()
    customer.billing_emails = ", ".join(
        e.strip() for e in data.billing_emails.split(",") if e.strip()
    )
    customer.currency, customer.vat_id = currency, data.vat_id.strip()
    customer.street, customer.city = data.street.strip(), data.city.strip()
    customer.postcode, customer.tax_exempt = data.postcode.strip(), data.tax_exempt
    customer.payment_terms_days = data.payment_terms_days
    session.add(customer)
    session.flush()
    record_audit(session, actor, "customer_saved", entity="customer", entity_id=customer.id,
                 to_value=customer.name)  # fmt: skip
    assert customer.id is not None
    return customer.id
