"""One page of the invoice list, paged and sorted in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from billing_app.domain.payments import balance_due
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Customer, Invoice, InvoiceBatch
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.paging import PAGE_SIZE, page_bounds


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


class SortKey(StrEnum):
    NUMBER = "number"
    CREATED = "created"
    CUSTOMER = "customer"
    BATCH = "batch"
    STATUS = "status"
    TOTAL = "total"
    BALANCE = "balance"


@dataclass(frozen=True)
class InvoiceFilters:
    status: InvoiceStatus | None = None
    customer_id: int | None = None
    batch_id: int | None = None
    since: dt.date | None = None  # created on or after
    until: dt.date | None = None  # created on or before
    customer: str = ""  # in the customer's name
    search: str = ""  # in the number, the customer's name or the batch's name
    sort: SortKey = SortKey.NUMBER
    descending: bool = False


def _conditions(filters: InvoiceFilters) -> list[sa.ColumnElement[bool]]:
    wanted: list[sa.ColumnElement[bool]] = []
    if filters.status is not None:
        wanted.append(col(Invoice.status) == filters.status)
    if filters.customer_id is not None:
        wanted.append(col(Invoice.customer_id) == filters.customer_id)
    if filters.batch_id is not None:
        wanted.append(col(Invoice.batch_id) == filters.batch_id)
    if filters.since is not None:
        wanted.append(
            col(Invoice.created_at) >= dt.datetime.combine(filters.since, dt.time.min, dt.UTC)
        )
    if filters.until is not None:
        next_day = filters.until + dt.timedelta(days=1)
        wanted.append(col(Invoice.created_at) < dt.datetime.combine(next_day, dt.time.min, dt.UTC))
    if name := filters.customer.strip().lower():
        wanted.append(col(Invoice.customer_id).in_(_customers_named(f"%{name}%")))
    if text := filters.search.strip().lower():
        wanted.append(_matching(f"%{text}%"))
    return wanted


def _customers_named(pattern: str) -> Any:
    return select(Customer.id).where(sa.func.lower(col(Customer.name)).like(pattern))


def _matching(pattern: str) -> sa.ColumnElement[bool]:
    """Names are matched in their own small tables, so counting needs no join."""
    customers = _customers_named(pattern)
    batches = select(InvoiceBatch.id).where(sa.func.lower(col(InvoiceBatch.name)).like(pattern))
    # numbers as stored, no function on the column: lower() on every invoice tripled the scan
    numbers = [col(Invoice.number).like(p) for p in dict.fromkeys((pattern, pattern.upper()))]
    return sa.or_(
        *numbers,
        col(Invoice.customer_id).in_(customers),
        col(Invoice.batch_id).in_(batches),
    )


def _with_names(query: Any) -> Any:
    return query.join(Customer, col(Customer.id) == Invoice.customer_id).outerjoin(
        InvoiceBatch, col(InvoiceBatch.id) == Invoice.batch_id
    )


def _order(filters: InvoiceFilters) -> list[Any]:
    if filters.sort is SortKey.NUMBER:
        keys: list[Any] = [col(Invoice.series), col(Invoice.sequence)]
        keys = [k.desc() if filters.descending else k for k in keys]
        return [col(Invoice.sequence).is_(None), *keys, col(Invoice.id).desc()]
    column = {
        SortKey.CREATED: col(Invoice.created_at),
        SortKey.CUSTOMER: col(Customer.name),
        SortKey.BATCH: col(InvoiceBatch.name),
        SortKey.STATUS: col(Invoice.status),
        SortKey.TOTAL: col(Invoice.total),
        SortKey.BALANCE: col(Invoice.total) - col(Invoice.amount_paid),
    }[filters.sort]
    return [column.desc() if filters.descending else column.asc(), col(Invoice.id).desc()]


def list_invoices(
    session: Session,
    actor: Actor,
    page: int = 0,
    batch_id: int | None = None,
    filters: InvoiceFilters | None = None,
) -> InvoicePage:
    """One page, filtered and sorted in SQL; by number by default, Drafts (no number yet)
    after the issued ones, newest Draft first. The page's ids are picked on the invoice
    table alone (joined only to sort by a name), then only those rows are joined: joining
    all of them first costs a whole scan per page (benchmark: bench/billing_page.py)."""
    require(session, actor, Permission.VIEW_BILLING, "see invoices")
    filters = filters or InvoiceFilters(batch_id=batch_id)
    wanted = select(Invoice.id).where(*_conditions(filters))
    total, page, pages = page_bounds(session, wanted, page)
    if filters.sort in (SortKey.CUSTOMER, SortKey.BATCH):
        wanted = _with_names(wanted)
    page_ids = wanted.order_by(*_order(filters)).offset(page * PAGE_SIZE).limit(PAGE_SIZE)
    results = session.exec(
        _with_names(select(Invoice, Customer.name, InvoiceBatch.name))
        .where(col(Invoice.id).in_(page_ids))
        .order_by(*_order(filters))
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
