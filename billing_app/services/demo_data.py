"""A realistic small MSP to click through and to test against.

Deterministic for a given seed and reference day: customers in Italy, Germany and
the United Kingdom, a contract of every type, last month's tickets with their
time entries and expenses, a product catalogue and two flexible draft invoices.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, func, select

from billing_app.domain.contracts import ContractType, ProjectBilling, RoundingScope
from billing_app.domain.money import ZERO
from billing_app.domain.periods import previous_month
from billing_app.domain.totals import LineInput, compute_totals
from billing_app.domain.work import LineKind, TicketStatus
from billing_app.models import (
    Contract,
    ContractMilestone,
    ContractRate,
    ContractUnitLine,
    Customer,
    Expense,
    Invoice,
    InvoiceLine,
    Product,
    Ticket,
    TimeEntry,
    UnitCount,
    User,
)
from billing_app.services.demo_catalogue import (
    CUSTOMERS,
    DEMO_USERS,
    PRODUCTS,
    TECHNICIANS,
    TICKET_SUBJECTS,
    UNIT_LINES,
    WORK_TYPES,
    DemoCustomer,
)
from billing_app.services.passwords import hash_password

D = Decimal
TICKET_STATUSES = (
    [TicketStatus.CLOSED] * 5
    + [TicketStatus.RESOLVED] * 3
    + [TicketStatus.OPEN, TicketStatus.PENDING]
)


@dataclass(frozen=True)
class DemoSummary:
    users: int
    customers: int
    contracts: int
    tickets: int
    time_entries: int
    expenses: int
    products: int
    invoices: int


def database_is_empty(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Customer)).one() == 0


def load_demo_data(session: Session, *, today: dt.date, seed: int = 2026) -> DemoSummary:
    """Fill an empty database; the same seed and day always give the same data."""
    rng = random.Random(seed)
    month = previous_month(today)
    users = [
        User(email=email, name=name, role=role, password_hash=hash_password(password))
        for email, name, role, password in DEMO_USERS
    ]
    products = [
        Product(sku=sku, name=name, unit_price=D(price), tax_rate=D(22), accounting_item_code=code)
        for sku, name, price, code in PRODUCTS
    ]
    customers = [_customer(spec) for spec in CUSTOMERS]
    session.add_all([*users, *products, *customers])
    session.flush()
    contracts = [
        _contract(session, customer, spec, month[0])
        for customer, spec in zip(customers, CUSTOMERS, strict=True)
    ]
    tickets: list[Ticket] = []
    entries: list[TimeEntry] = []
    expenses: list[Expense] = []
    for contract in contracts:
        for _ in range(rng.randint(2, 6)):
            ticket = _ticket(rng, contract, month)
            session.add(ticket)
            session.flush()
            tickets.append(ticket)
            entries += _time_entries(rng, ticket)
            if rng.random() < 0.35:
                expenses.append(_expense(rng, ticket))
    user_ids = {user.name: user.id for user in users}
    for entry in entries:
        entry.user_id = user_ids.get(entry.technician)
    session.add_all([*entries, *expenses])
    invoices = _flexible_invoices(session, customers[:2], products)
    session.flush()
    return DemoSummary(
        users=len(users),
        customers=len(customers),
        contracts=len(contracts),
        tickets=len(tickets),
        time_entries=len(entries),
        expenses=len(expenses),
        products=len(products),
        invoices=len(invoices),
    )


def _customer(spec: DemoCustomer) -> Customer:
    return Customer(
        name=spec.name,
        billing_emails=spec.email,
        street=spec.street,
        city=spec.city,
        postcode=spec.postcode,
        country=spec.country,
        vat_id=spec.vat_id,
        tax_exempt=spec.country != "IT",  # EU reverse charge / export outside the EU
        currency=spec.currency,
    )


def _terms(kind: ContractType, rate: Decimal, month_start: dt.date) -> dict[str, object]:
    by_type: dict[ContractType, dict[str, object]] = {
        ContractType.RETAINER: {"fee": rate * 20},
        ContractType.HOURLY: {"rounding_scope": RoundingScope.TICKET},
        ContractType.BLOCK_HOURS: {
            "block_hours": D(10),
            "block_price": rate * 9,
            "overage_rate": rate + 10,
            "rollover": True,
            "rollover_cap_hours": D(5),
        },
        ContractType.BLOCK_MONEY: {"block_amount": D(2000)},
        ContractType.PER_UNIT: {},
        ContractType.PROJECT: {
            "project_billing": ProjectBilling.FIXED,
            "fee": D(12000),
            "start_date": month_start,
        },
    }
    return by_type[kind]


def _contract(
    session: Session, customer: Customer, spec: DemoCustomer, month_start: dt.date
) -> Contract:
    assert customer.id is not None
    rate = D(spec.rate)
    contract = Contract(
        customer_id=customer.id,
        name=f"{spec.contract.label} - {customer.name}",
        type=spec.contract,
        start_date=month_start.replace(year=month_start.year - 1),
        tax_rate=D(22) if spec.country == "IT" else ZERO,
        hourly_rate=rate,
        rounding_increment_minutes=15,
        minimum_minutes=15,
    )
    for field, value in _terms(spec.contract, rate, month_start).items():
        setattr(contract, field, value)
    session.add(contract)
    session.flush()
    assert contract.id is not None
    if spec.contract is ContractType.HOURLY:
        session.add(
            ContractRate(contract_id=contract.id, work_type="On-site", hourly_rate=rate + 20)
        )
    if spec.contract is ContractType.PER_UNIT:
        _add_unit_lines(session, contract)
    if spec.contract is ContractType.PROJECT:
        session.add_all(
            [
                ContractMilestone(
                    contract_id=contract.id, name="Kick-off", amount=D(4800), bill_on=month_start
                ),
                ContractMilestone(
                    contract_id=contract.id,
                    name="Go-live",
                    amount=D(7200),
                    bill_on=month_start + dt.timedelta(days=60),
                ),
            ]
        )
    return contract


def _add_unit_lines(session: Session, contract: Contract) -> None:
    assert contract.id is not None
    for name, price, count in UNIT_LINES:
        line = ContractUnitLine(contract_id=contract.id, name=name, unit_price=D(price))
        session.add(line)
        session.flush()
        assert line.id is not None
        session.add(
            UnitCount(unit_line_id=line.id, effective_from=contract.start_date, quantity=D(count))
        )


def _moment(rng: random.Random, month: tuple[dt.date, dt.date]) -> dt.datetime:
    day = month[0] + dt.timedelta(days=rng.randrange((month[1] - month[0]).days + 1))
    return dt.datetime.combine(
        day, dt.time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))), dt.UTC
    )


def _ticket(rng: random.Random, contract: Contract, month: tuple[dt.date, dt.date]) -> Ticket:
    status = rng.choice(TICKET_STATUSES)
    opened = _moment(rng, month)
    return Ticket(
        customer_id=contract.customer_id,
        contract_id=contract.id,
        subject=rng.choice(TICKET_SUBJECTS),
        status=status,
        technician=rng.choice(TECHNICIANS),
        opened_at=opened,
        resolved_at=opened + dt.timedelta(hours=rng.randint(1, 48)) if status.billable else None,
    )


def _time_entries(rng: random.Random, ticket: Ticket) -> list[TimeEntry]:
    assert ticket.id is not None
    return [
        TimeEntry(
            customer_id=ticket.customer_id,
            ticket_id=ticket.id,
            contract_id=ticket.contract_id,
            technician=ticket.technician,
            started_at=ticket.opened_at + dt.timedelta(minutes=30 + 90 * n),
            duration_minutes=rng.choice((5, 10, 20, 25, 35, 45, 50, 70, 90, 125, 180)),
            billable=rng.random() > 0.1,
            work_type=rng.choice(WORK_TYPES),
            notes="Worked remotely with the user." if n == 0 else "Follow-up and verification.",
        )
        for n in range(rng.randint(1, 4))
    ]


def _expense(rng: random.Random, ticket: Ticket) -> Expense:
    description, amount = rng.choice(
        (("Travel to customer site", "38.40"), ("Replacement cable kit", "24.90"),
         ("Parking", "12.00"), ("Spare power supply", "59.00"))
    )  # fmt: skip
    return Expense(
        customer_id=ticket.customer_id,
        ticket_id=ticket.id,
        contract_id=ticket.contract_id,
        spent_on=ticket.opened_at.date(),
        description=description,
        amount=D(amount),
        markup_percent=D(10) if "Travel" not in description else ZERO,
    )


def _flexible_invoices(
    session: Session, customers: list[Customer], products: list[Product]
) -> list[Invoice]:
    """Hardware sales outside any contract: Drafts being prepared by the clerk."""
    invoices = []
    for customer, picks in zip(customers, ((6, 3), (4, 5)), strict=True):
        assert customer.id is not None
        chosen = [(products[index], D(qty)) for index, qty in zip(picks, (1, 2), strict=True)]
        inputs = [LineInput(qty, p.unit_price, tax_rate=p.tax_rate) for p, qty in chosen]
        totals = compute_totals(inputs, customer.currency)
        invoice = Invoice(
            customer_id=customer.id,
            currency=customer.currency,
            net_total=totals.net,
            tax_total=totals.tax,
            total=totals.total,
        )
        session.add(invoice)
        session.flush()
        assert invoice.id is not None
        session.add_all(
            InvoiceLine(
                invoice_id=invoice.id,
                position=position,
                kind=LineKind.PRODUCT,
                description=product.name,
                quantity=qty,
                unit_price=product.unit_price,
                tax_rate=product.tax_rate,
                net=amounts.net,
                tax=amounts.tax,
                product_id=product.id,
            )
            for position, ((product, qty), amounts) in enumerate(
                zip(chosen, totals.lines, strict=True)
            )
        )
        invoices.append(invoice)
    return invoices
