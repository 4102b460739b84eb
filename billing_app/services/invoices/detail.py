"""One invoice as its page shows it: header, lines, tax summary, payments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from billing_app.domain.errors import BillingError
from billing_app.domain.payments import PaymentKind, PaymentSource, balance_due
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.totals import LineInput, RateSummary, compute_totals
from billing_app.domain.work import LineKind
from billing_app.models import Contract, Customer, Invoice, InvoiceBatch, InvoiceLine, Payment
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


@dataclass(frozen=True)
class LineRow:
    id: int
    kind: LineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    tax_rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class PaymentRow:
    id: int
    kind: PaymentKind
    received_on: dt.date
    amount: Decimal
    method: str
    reference: str
    source: PaymentSource = PaymentSource.MANUAL


@dataclass(frozen=True)
class InvoiceDetail:
    id: int
    number: str | None
    status: InvoiceStatus
    customer: str
    customer_id: int
    contract: str | None
    batch: str | None
    batch_id: int | None
    currency: str
    created_at: dt.datetime
    issue_date: dt.date | None
    due_date: dt.date | None
    notes: str
    net: Decimal
    tax: Decimal
    total: Decimal
    paid: Decimal
    balance: Decimal
    lines: list[LineRow]
    tax_by_rate: tuple[RateSummary, ...]
    payments: list[PaymentRow]


def invoice_detail(session: Session, actor: Actor, invoice_id: int) -> InvoiceDetail:
    require(session, actor, Permission.VIEW_BILLING, "see invoices")
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.id is None:
        raise BillingError("invoice_not_found", "That invoice does not exist (any more).")
    customer = session.get_one(Customer, invoice.customer_id)
    contract = session.get(Contract, invoice.contract_id) if invoice.contract_id else None
    batch = session.get(InvoiceBatch, invoice.batch_id) if invoice.batch_id else None
    lines = session.exec(
        select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)
        .order_by(col(InvoiceLine.position), col(InvoiceLine.id))
    ).all()  # fmt: skip
    payments = session.exec(
        select(Payment).where(Payment.invoice_id == invoice_id).order_by(col(Payment.id))
    ).all()
    summary = compute_totals(
        [LineInput(ln.quantity, ln.unit_price, ln.tax_rate, ln.discount) for ln in lines],
        invoice.currency,
        prices_include_tax=invoice.prices_include_tax,
    ).tax_by_rate
    return InvoiceDetail(
        id=invoice.id, number=invoice.number, status=invoice.status, customer=customer.name,
        customer_id=invoice.customer_id, contract=contract.name if contract else None,
        batch=batch.name if batch else None, batch_id=invoice.batch_id, currency=invoice.currency,
        created_at=invoice.created_at, issue_date=invoice.issue_date, due_date=invoice.due_date,
        notes=invoice.notes, net=invoice.net_total, tax=invoice.tax_total, total=invoice.total,
        paid=invoice.amount_paid,
        balance=balance_due(invoice.total, invoice.amount_paid, invoice.status),
        lines=[LineRow(ln.id or 0, ln.kind, ln.description, ln.quantity, ln.unit_price,
                       ln.discount, ln.tax_rate, ln.net, ln.tax) for ln in lines],
        tax_by_rate=summary,
        payments=[PaymentRow(p.id or 0, p.kind, p.received_on, p.amount, p.method, p.reference,
                             p.source) for p in payments],
    )  # fmt: skip
