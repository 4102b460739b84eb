"""Flexible invoices: a Draft for a customer outside any batch, with custom, product and
unbilled-work lines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from billing_app.domain.billable_time import RoundingRule
from billing_app.domain.draft_lines import tax_rate_for
from billing_app.domain.errors import BillingError
from billing_app.domain.money import quantize_quantity
from billing_app.domain.roles import Permission
from billing_app.domain.time_lines import HourlyRates, TimeWork, time_lines
from billing_app.domain.work import LineKind
from billing_app.models import (
    AccountSettings,
    Contract,
    ContractRate,
    Customer,
    Expense,
    Invoice,
    InvoiceLine,
    TimeEntry,
)
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.invoices.lines import editable_draft, lock_work, recompute
from billing_app.services.locks import billed_on

HUNDRED = Decimal(100)


def create_flexible_invoice(
    session: Session, actor: Actor, customer_id: int, contract_id: int | None = None
) -> int:
    require(session, actor, Permission.CHANGE_BILLING, "create invoices")
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise BillingError("customer_not_found", "Choose a customer for the invoice.")
    if contract_id is not None:
        contract = session.get(Contract, contract_id)
        if contract is None or contract.customer_id != customer_id:
            raise BillingError(
                "contract_not_of_customer", f"That contract is not one of {customer.name}'s."
            )
    account = session.get(AccountSettings, 1)
    invoice = Invoice(
        customer_id=customer_id,
        contract_id=contract_id,
        currency=customer.currency,
        prices_include_tax=account.prices_include_tax if account else False,
    )
    session.add(invoice)
    session.flush()
    assert invoice.id is not None
    record_audit(
        session,
        actor,
        "invoice_created",
        entity="invoice",
        entity_id=invoice.id,
        invoice_id=invoice.id,
        to_value="draft",
    )
    return invoice.id


def _rates(session: Session, contract: Contract) -> HourlyRates:
    by_type = dict(
        session.exec(
            select(col(ContractRate.work_type), col(ContractRate.hourly_rate)).where(
                ContractRate.contract_id == contract.id
            )
        ).all()
    )
    return HourlyRates(contract.name, contract.hourly_rate, by_type)


def _describe(entry: TimeEntry) -> str:
    ticket = f" · Ticket #{entry.ticket_id}" if entry.ticket_id else ""
    return f"{entry.started_at.date().isoformat()} · {entry.work_type}{ticket}"


def _time_line(session: Session, invoice: Invoice, entry: TimeEntry) -> InvoiceLine:
    contract = session.get(Contract, entry.contract_id) if entry.contract_id else None
    if contract is None:
        raise BillingError(
            "no_rate",
            f"Time entry #{entry.id} has no contract, so no rate; add it as a custom line.",
        )
    customer = session.get_one(Customer, invoice.customer_id)
    rule = RoundingRule(
        contract.rounding_increment_minutes, contract.rounding_mode, contract.minimum_minutes
    )
    work = TimeWork(
        entry.id or 0,
        entry.ticket_id,
        "",
        entry.started_at.date(),
        entry.duration_minutes,
        entry.work_type,
        entry.rate_override,
    )
    (line,) = time_lines([work], rule, _rates(session, contract))
    return InvoiceLine(
        kind=LineKind.TIME_ENTRY,
        description=_describe(entry),
        quantity=line.hours,
        unit_price=line.rate,
        invoice_id=invoice.id or 0,
        tax_rate=tax_rate_for(
            taxable=contract.taxable, rate=contract.tax_rate, customer_exempt=customer.tax_exempt
        ),
        contract_id=contract.id,
        ticket_id=entry.ticket_id,
        time_entry_id=entry.id,
    )


def _expense_line(invoice: Invoice, expense: Expense) -> InvoiceLine:
    return InvoiceLine(
        kind=LineKind.EXPENSE,
        description=f"{expense.spent_on.isoformat()} · {expense.description}",
        quantity=Decimal(1),
        invoice_id=invoice.id or 0,
        expense_id=expense.id,
        unit_price=quantize_quantity(expense.amount * (1 + expense.markup_percent / HUNDRED)),
        ticket_id=expense.ticket_id,
    )


def add_work_lines(
    session: Session,
    actor: Actor,
    invoice_id: int,
    *,
    time_entry_ids: Sequence[int] = (),
    expense_ids: Sequence[int] = (),
) -> int:
    """Unbilled work of the invoice's customer; it is locked to this invoice."""
    invoice = editable_draft(session, actor, invoice_id)
    sources: list[tuple[LineKind, TimeEntry | Expense]] = [
        (LineKind.TIME_ENTRY, row)
        for row in session.exec(select(TimeEntry).where(col(TimeEntry.id).in_(time_entry_ids)))
    ] + [
        (LineKind.EXPENSE, row)
        for row in session.exec(select(Expense).where(col(Expense.id).in_(expense_ids)))
    ]
    for kind, source in sources:
        assert source.id is not None
        if source.customer_id != invoice.customer_id or not source.billable:
            raise BillingError(
                "not_billable_here",
                f"{kind.value.replace('_', ' ').capitalize()} #{source.id} is not billable work "
                "of this invoice's customer.",
            )
        if where := billed_on(session, kind, source.id):
            raise BillingError("work_locked", f"That work is already billed on {where}.")
        line = (
            _time_line(session, invoice, source)
            if isinstance(source, TimeEntry)
            else _expense_line(invoice, source)
        )
        line.position = 10_000  # last; recompute renumbers
        session.add(line)
        session.flush()
        lock_work(session, invoice_id, line, kind, source.id)
    try:
        session.flush()
    except IntegrityError:
        raise BillingError(
            "work_already_billed", "Someone billed that work a moment ago; reload the invoice."
        ) from None
    recompute(session, invoice)
    return len(sources)
