"""Unbilled work added to a Draft by hand, priced by the engine exactly as a batch prices it.

Each piece of work goes under its contract (a ticket's contract wins over the entry's, as in
a batch) and through `domain.work_lines.lines_by_hand`: the contract's rates, its rounding per
entry or per ticket (entries of one ticket added together are one line), its tax rate. An
expense with no contract is passed on at its amount plus markup with the account's default
tax rate; time with no contract has no rate and is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from billing_app.domain.draft_lines import DraftLine, tax_rate_for
from billing_app.domain.errors import BillingError
from billing_app.domain.money import ZERO
from billing_app.domain.run_inputs import ExpenseInput, RunInput
from billing_app.domain.time_lines import TimeWork
from billing_app.domain.work import LineKind, source_key
from billing_app.domain.work_lines import expense_line, lines_by_hand
from billing_app.models import (
    BilledSource,
    Contract,
    Customer,
    Expense,
    Invoice,
    InvoiceLine,
    TaxRate,
    Ticket,
    TimeEntry,
)
from billing_app.services.account import account_locale
from billing_app.services.actor import Actor
from billing_app.services.batches.billed_keys import billed_keys
from billing_app.services.batches.contract_inputs import contract_input, load_terms
from billing_app.services.invoices.lines import editable_draft, recompute
from billing_app.services.locks import billed_on

Work = tuple[list[TimeWork], list[ExpenseInput]]


def _checked(session: Session, invoice: Invoice, kind: LineKind, row: TimeEntry | Expense) -> int:
    assert row.id is not None
    if row.customer_id != invoice.customer_id or not row.billable:
        raise BillingError(
            "not_billable_here",
            f"{kind.value.replace('_', ' ').capitalize()} #{row.id} is not billable work of "
            "this invoice's customer.",
        )
    if where := billed_on(session, kind, row.id):
        raise BillingError("work_locked", f"That work is already billed on {where}.")
    return row.id


def _work_by_contract(
    session: Session, invoice: Invoice, time_entry_ids: Sequence[int], expense_ids: Sequence[int]
) -> dict[int | None, Work]:
    """The chosen work, checked, per owning contract (None: no contract)."""
    work: dict[int | None, Work] = defaultdict(lambda: ([], []))
    for entry, subject, ticket_contract in session.exec(
        select(TimeEntry, Ticket.subject, Ticket.contract_id)
        .outerjoin(Ticket, col(Ticket.id) == TimeEntry.ticket_id)
        .where(col(TimeEntry.id).in_(time_entry_ids))
        .order_by(col(TimeEntry.started_at), col(TimeEntry.id))
    ):
        entry_id = _checked(session, invoice, LineKind.TIME_ENTRY, entry)
        owner = ticket_contract or entry.contract_id
        if owner is None:
            raise BillingError(
                "no_rate", f"Time entry #{entry_id} has no contract, so no rate; add it as a "
                "custom line.",
            )  # fmt: skip
        work[owner][0].append(
            TimeWork(entry_id, entry.ticket_id, subject or "", entry.started_at.date(),
                     entry.duration_minutes, entry.work_type, entry.rate_override)
        )  # fmt: skip
    for expense, ticket_contract in session.exec(
        select(Expense, Ticket.contract_id)
        .outerjoin(Ticket, col(Ticket.id) == Expense.ticket_id)
        .where(col(Expense.id).in_(expense_ids))
        .order_by(col(Expense.spent_on), col(Expense.id))
    ):
        expense_id = _checked(session, invoice, LineKind.EXPENSE, expense)
        work[ticket_contract or expense.contract_id][1].append(
            ExpenseInput(expense_id, expense.spent_on, expense.description, expense.amount,
                         expense.markup_percent, expense.ticket_id)
        )  # fmt: skip
    return work


def _default_tax(session: Session, customer: Customer) -> Decimal:
    rate = session.exec(
        select(col(TaxRate.rate)).where(col(TaxRate.is_default), ~col(TaxRate.archived))
    ).first()
    return tax_rate_for(taxable=True, rate=rate or ZERO, customer_exempt=customer.tax_exempt)


def _priced(
    session: Session, invoice: Invoice, work: dict[int | None, Work]
) -> list[tuple[int | None, DraftLine]]:
    customer = session.get_one(Customer, invoice.customer_id)
    contracts = {
        c.id: c for c in session.exec(select(Contract).where(col(Contract.id).in_(list(work))))
    }
    terms = load_terms(session, [i for i in contracts if i is not None])
    tickets = {t.ticket_id for time, _ in work.values() for t in time if t.ticket_id}
    billed = billed_keys(session, [source_key(LineKind.TICKET, t) for t in sorted(tickets)])
    locale = account_locale(session)
    priced: list[tuple[int | None, DraftLine]] = []
    for contract_id, (time, expenses) in work.items():
        if contract_id is None:
            tax = _default_tax(session, customer)
            priced += [(None, expense_line(e, invoice.currency, tax)) for e in expenses]
            continue
        days = [t.worked_on for t in time] + [e.spent_on for e in expenses]
        run = RunInput(
            start=min(days), end=max(days), locale=locale, currency=invoice.currency,
            contract=contract_input(contracts[contract_id], customer, terms, billed),
            time=time, expenses=expenses, billed_keys=billed,
        )  # fmt: skip
        priced += [(contract_id, line) for line in lines_by_hand(run)]
    return priced


def _add_line(
    session: Session, invoice_id: int, position: int, contract_id: int | None, draft: DraftLine
) -> None:
    line = InvoiceLine(
        invoice_id=invoice_id, position=position, kind=draft.kind, description=draft.description,
        quantity=draft.quantity, unit_price=draft.unit_price, tax_rate=draft.tax_rate,
        contract_id=contract_id, ticket_id=draft.ticket_id, time_entry_id=draft.time_entry_id,
        expense_id=draft.expense_id,
    )  # fmt: skip
    session.add(line)
    session.flush()
    session.add_all(
        BilledSource(source_key=key, invoice_id=invoice_id, invoice_line_id=line.id)
        for key in draft.source_keys
    )
    session.flush()


def add_work_lines(
    session: Session,
    actor: Actor,
    invoice_id: int,
    *,
    time_entry_ids: Sequence[int] = (),
    expense_ids: Sequence[int] = (),
) -> int:
    """Unbilled work of the invoice's customer, locked to this invoice; the lines added."""
    invoice = editable_draft(session, actor, invoice_id)
    priced = _priced(session, invoice, _work_by_contract(session, invoice, time_entry_ids,
                                                          expense_ids))  # fmt: skip
    try:
        for position, (contract_id, draft) in enumerate(priced, start=10_000):  # renumbered
            _add_line(session, invoice_id, position, contract_id, draft)
    except IntegrityError:
        raise BillingError(
            "work_already_billed", "Someone billed that work a moment ago; reload the invoice."
        ) from None
    recompute(session, invoice)
    return len(priced)
