"""The display strings an invoice PDF shows, in the account's locale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from billing_app.domain.formats import format_day, format_quantity
from billing_app.domain.line_groups import GROUPS, KIND_ORDER
from billing_app.domain.money import format_money
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.tax_rates import format_rate
from billing_app.models import AccountSettings, Customer
from billing_app.models.address import PostalAddress
from billing_app.services.invoices.detail import InvoiceDetail, LineRow


@dataclass(frozen=True)
class Party:
    name: str
    address: list[str]
    vat_id: str


@dataclass(frozen=True)
class LineText:
    description: str
    quantity: str
    unit_price: str
    tax_rate: str
    net: str


@dataclass(frozen=True)
class Group:
    heading: str
    lines: list[LineText]


def address_lines(place: PostalAddress) -> list[str]:
    town = " ".join(part for part in (place.postcode, place.city) if part)
    return [part for part in (place.street, town, place.region, place.country) if part]


def party(name: str, place: PostalAddress) -> Party:
    return Party(name=name, address=address_lines(place), vat_id=place.vat_id)


def invoice_context(
    detail: InvoiceDetail, account: AccountSettings, customer: Customer
) -> dict[str, object]:
    locale = account.locale

    def money(amount: Decimal) -> str:
        return format_money(amount, detail.currency, locale)

    def day(value: dt.date | None) -> str:
        return format_day(value, locale) if value else "—"

    def line(row: LineRow) -> LineText:
        return LineText(
            description=row.description,
            quantity=format_quantity(row.quantity, locale, 2),
            unit_price=money(row.unit_price),
            tax_rate=format_rate(row.tax_rate, locale),
            net=money(row.net),
        )

    groups = [
        Group(GROUPS[kind], [line(row) for row in detail.lines if row.kind is kind])
        for kind in KIND_ORDER
    ]
    draft = detail.status is InvoiceStatus.DRAFT
    return {
        "draft": draft,
        "title": "Draft invoice" if draft else f"Invoice {detail.number}",
        "company": party(account.legal_name, account),
        "contact": [part for part in (account.phone, account.email, account.website) if part],
        "registration": account.registration,
        "customer": party(customer.name, customer),
        "number": detail.number or "",
        "issued": day(detail.issue_date),
        "due": day(detail.due_date),
        "contract": detail.contract or "",
        "notes": detail.notes,
        "groups": [group for group in groups if group.lines],
        "tax_by_rate": [
            (f"{format_rate(s.rate, locale)} on {money(s.net)}", money(s.tax))
            for s in detail.tax_by_rate
        ],
        "totals": [
            ("Net", money(detail.net)),
            ("Tax", money(detail.tax)),
            ("Total", money(detail.total)),
        ],
        "paid": money(detail.paid) if detail.payments else "",
        "balance": money(detail.balance),
        "payments": [
            (
                day(p.received_on),
                f"{p.kind.value} {p.method} {p.reference}".strip(),
                money(p.amount),
            )
            for p in detail.payments
        ],
        "bank": [
            (label, value)
            for label, value in (
                ("IBAN", account.iban),
                ("BIC", account.bic),
                ("Account", account.bank_account),
            )
            if value
        ],
        "terms_days": account.payment_terms_days,
    }
