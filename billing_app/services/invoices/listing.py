"""One page of the invoice list, paged and sorted in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from billing_app.domain.payments import balance_due
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Customer, Invoice, InvoiceBatch
from billing_app.services.actor import Actor
from billing_app.services.authorization import require

PAGE_SIZE = 50


@dataclass(frozen=True)
class InvoiceListRow:
    id: int
    number: str | None
    created_at: dt.datetime
    customer: str
    batch: str | None
    status: InvoiceStatus
    currency: str
    total: Decimal
    balance_due: Decimal


@dataclass(frozen=True)
class InvoicePage:
    rows: list[InvoiceListRow]
    total: int
    page: int
    pages: int


def list_invoices(
    session: Session, actor: Actor, page: int = 0, batch_id: int | None = None
) -> InvoicePage:
    """By number, Drafts (no number yet) after the issued ones, newest Draft first."""
    require(session, actor, Permission.VIEW_BILLING, "see invoices")
    scope = sa.true() if batch_id is None else col(Invoice.batch_id) == batch_id
    total = session.exec(select(func.count()).select_from(Invoice).where(scope)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    results = session.exec(
        select(Invoice, Customer.name, InvoiceBatch.name)
        .join(Customer, col(Customer.id) == Invoice.customer_id)
        .outerjoin(InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id)
        .where(scope)
        .order_by(
            col(Invoice.sequence).is_(None),
            col(Invoice.series),
            col(Invoice.sequence),
            col(Invoice.id).desc(),
        )
        .offset(page * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    rows = [
        InvoiceListRow(
            id=invoice.id,
            number=invoice.number,
            created_at=invoice.created_at,
            customer=customer,
            batch=batch,
            status=invoice.status,
            currency=invoice.currency,
            total=invoice.total,
            balance_due=balance_due(invoice.total, invoice.amount_paid, invoice.status),
        )
        for invoice, customer, batch in results
        if invoice.id is not None
    ]
    return InvoicePage(rows=rows, total=total, page=page, pages=pages)
