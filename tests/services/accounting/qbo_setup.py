"""Rows and a connection for the QuickBooks export tests and the benchmark."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from billing_app.domain.accounting import Provider
from billing_app.domain.roles import Role
from billing_app.domain.totals import LineInput, compute_totals
from billing_app.domain.work import LineKind
from billing_app.integrations.export_invoice import ExportMappings
from billing_app.models import AccountSettings, Customer, Invoice, InvoiceLine
from billing_app.services.accounting.qbo_client import QuickBooksAccess
from billing_app.services.actor import Actor
from tests import factories
from tests.integrations.qbo_fixtures import connect
from tests.integrations.qbo_server import QboServer


def account(session: Session) -> None:
    factories.add(session, AccountSettings(
        legal_name="Rete Sicura S.r.l.", country="IT", currency="EUR", locale="it_IT",
        email="billing@retesicura.it",
    ))  # fmt: skip


def actor(session: Session, role: Role = Role.BILLING) -> Actor:
    return factories.actor(factories.user(session, role, email=f"{role.value}@example.com"))


def access(server: QboServer) -> QuickBooksAccess:
    client = connect(server)
    return QuickBooksAccess(client.access_token, server.realm_id, server.api_url)


def mappings(server: QboServer, **changes: object) -> ExportMappings:
    values: dict[str, object] = {
        "provider": Provider.QUICKBOOKS,
        "sales_account": server.find("Item", Name="Services")["Id"],
        "tax_codes": {"22": server.find("TaxCode", Name="22% IVA")["Id"]},
    } | changes
    return ExportMappings(**values)  # type: ignore[arg-type]


def italian_tax_codes(server: QboServer) -> dict[str, str]:
    """22%, 10% and 0% → the company's IVA tax codes."""
    codes = {"22": "22% IVA", "10": "10% IVA", "0": "Exempt"}
    return {key: server.find("TaxCode", Name=name)["Id"] for key, name in codes.items()}


def customers(session: Session, count: int) -> list[Customer]:
    return [
        factories.customer(
            session, name=f"Customer {n:04d} S.r.l.", billing_emails=f"ap{n}@customer{n}.test"
        )
        for n in range(count)
    ]


def drafts(
    session: Session, owners: list[Customer], count: int, rate: Decimal = Decimal(22)
) -> list[int]:
    """`count` Drafts spread over `owners`, each one line of 100.00 + tax at `rate`."""
    ids = []
    tax = (Decimal(100) * rate / 100).quantize(Decimal("0.01"))
    for n in range(count):
        owner = owners[n % len(owners)]
        invoice = factories.invoice(
            session, owner, net_total=Decimal(100), tax_total=tax, total=Decimal(100) + tax
        )
        session.add(InvoiceLine(
            invoice_id=invoice.id, kind=LineKind.CUSTOM, description=f"Managed services {n}",
            quantity=Decimal(1), unit_price=Decimal(100), tax_rate=rate, net=Decimal(100),
            tax=tax,
        ))  # fmt: skip
        ids.append(invoice.id)
    session.commit()
    return ids


def priced_draft(
    session: Session, owner: Customer, lines: list[LineInput], *, inclusive: bool = False
) -> int:
    """A Draft whose lines and totals are priced by domain.totals, as the app stores them."""
    totals = compute_totals(lines, owner.currency, prices_include_tax=inclusive)
    invoice = factories.invoice(
        session, owner, prices_include_tax=inclusive,
        net_total=totals.net, tax_total=totals.tax, total=totals.total,
    )  # fmt: skip
    for position, (line, amounts) in enumerate(zip(lines, totals.lines, strict=True)):
        session.add(InvoiceLine(
            invoice_id=invoice.id, kind=LineKind.CUSTOM, description=f"Line {position}",
            position=position, quantity=line.quantity, unit_price=line.unit_price,
            tax_rate=line.tax_rate, discount=line.discount, net=amounts.net, tax=amounts.tax,
        ))  # fmt: skip
    session.commit()
    assert invoice.id is not None
    return invoice.id


def by_id(session: Session, invoice_id: int) -> Invoice:
    return session.get_one(Invoice, invoice_id, populate_existing=True)
