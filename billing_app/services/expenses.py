"""Expenses: logging and changing one (a dialog or a CSV row).

Only its own technician (or billing staff) changes an expense, and never once billed.
The amount is in the customer's currency, typed plain ("1234.50") or in the account locale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.money import ZERO, parse_amount, quantize
from billing_app.domain.roles import Permission
from billing_app.domain.typed_text import parse_day, parse_flag, parse_number, read_field
from billing_app.domain.work import LineKind
from billing_app.models import Customer, Expense
from billing_app.services.account import account_currency_and_locale
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.work_changes import guard_change
from billing_app.services.work_refs import contract_name, customer_name, find_refs

MAX_MARKUP = Decimal(1000)


@dataclass(frozen=True)
class ExpenseInput:
    customer: str
    spent_on: str
    description: str
    amount: str
    ticket: str = ""
    contract: str = ""
    markup_percent: str = ""  # empty: no markup
    billable: str = "yes"


@dataclass(frozen=True)
class CheckedExpense:
    customer_id: int
    ticket_id: int | None
    contract_id: int | None
    spent_on: dt.date
    description: str
    amount: Decimal
    markup_percent: Decimal
    billable: bool


def _amount(text: str, currency: str, locale: str, errors: dict[str, str]) -> Decimal:
    if not text.strip():
        errors["amount"] = "Enter the amount, like 1234.50."
        return ZERO
    amount = read_field(errors, "amount", lambda t: parse_amount(t, currency, locale), text, ZERO)
    if "amount" not in errors and amount <= 0:
        errors["amount"] = f"An expense of {text.strip()} is not possible; enter more than zero."
    return amount


def _markup(text: str, locale: str, errors: dict[str, str]) -> Decimal:
    if not text.strip():
        return ZERO
    markup = read_field(errors, "markup_percent", lambda t: parse_number(t, locale), text, ZERO)
    if "markup_percent" not in errors and not ZERO <= markup <= MAX_MARKUP:
        errors["markup_percent"] = f"A markup of {markup}% is out of range; use 0 to 1000%."
    return markup


def check_expense(session: Session, data: ExpenseInput) -> tuple[dict[str, str], CheckedExpense]:
    errors: dict[str, str] = {}
    refs = find_refs(session, data.customer, data.ticket, data.contract, errors)
    account_currency, locale = account_currency_and_locale(session)
    currency = refs.customer.currency if refs.customer else account_currency
    description = data.description.strip()
    if not description:
        errors["description"] = "Describe the expense, e.g. Replacement cable kit."
    elif len(description) > 300:
        errors["description"] = "Keep the description under 300 characters."
    checked = CheckedExpense(
        customer_id=(refs.customer.id or 0) if refs.customer else 0,
        ticket_id=refs.ticket.id if refs.ticket else None, contract_id=refs.contract_id,
        spent_on=read_field(errors, "spent_on", parse_day, data.spent_on, dt.date(2000, 1, 1)),
        description=description, amount=_amount(data.amount, currency, locale, errors),
        markup_percent=_markup(data.markup_percent, locale, errors),
        billable=read_field(errors, "billable", parse_flag, data.billable, True),
    )  # fmt: skip
    return errors, checked


def _amount_text(session: Session, expense: Expense) -> str:
    customer = session.get(Customer, expense.customer_id)
    currency = customer.currency if customer else account_currency_and_locale(session)[0]
    return f"{quantize(expense.amount, currency)}"


def _checked_or_raise(session: Session, data: ExpenseInput) -> CheckedExpense:
    errors, checked = check_expense(session, data)
    if errors:
        raise FieldErrors("invalid_expense", errors)
    return checked


def _apply(expense: Expense, checked: CheckedExpense) -> None:
    expense.customer_id, expense.ticket_id = checked.customer_id, checked.ticket_id
    expense.contract_id, expense.spent_on = checked.contract_id, checked.spent_on
    expense.description, expense.amount = checked.description, checked.amount
    expense.markup_percent, expense.billable = checked.markup_percent, checked.billable


def add_expense(session: Session, actor: Actor, checked: CheckedExpense) -> Expense:
    """Insert a checked expense; the caller has checked the permission and audits."""
    expense = Expense(customer_id=0, spent_on=checked.spent_on, description="", amount=ZERO,
                      user_id=actor.user_id)  # fmt: skip
    _apply(expense, checked)
    session.add(expense)
    session.flush()
    return expense


def create_expense(session: Session, actor: Actor, data: ExpenseInput) -> int:
    require(session, actor, Permission.LOG_OWN_WORK, "log expenses")
    expense = add_expense(session, actor, _checked_or_raise(session, data))
    record_audit(session, actor, "expense_created", entity="expense", entity_id=expense.id,
                 to_value=_amount_text(session, expense))  # fmt: skip
    assert expense.id is not None
    return expense.id


def _expense(session: Session, expense_id: int) -> Expense:
    expense = session.get(Expense, expense_id)
    if expense is None:
        raise BillingError("expense_not_found", "That expense no longer exists; reload.")
    return expense


def update_expense(session: Session, actor: Actor, expense_id: int, data: ExpenseInput) -> Expense:
    require(session, actor, Permission.LOG_OWN_WORK, "change expenses")
    expense = _expense(session, expense_id)
    guard_change(session, actor, LineKind.EXPENSE, expense_id, expense.user_id)
    checked = _checked_or_raise(session, data)
    before = _amount_text(session, expense)
    _apply(expense, checked)
    session.flush()
    record_audit(session, actor, "expense_changed", entity="expense", entity_id=expense_id,
                 from_value=before, to_value=_amount_text(session, expense))  # fmt: skip
    return expense


def expense_input(session: Session, actor: Actor, expense_id: int) -> ExpenseInput:
    """An expense as its edit dialog shows it, and as `update_expense` reads it back."""
    require(session, actor, Permission.VIEW_WORK, "see expenses")
    expense = _expense(session, expense_id)
    return ExpenseInput(
        customer=customer_name(session, expense.customer_id),
        spent_on=expense.spent_on.isoformat(), description=expense.description,
        amount=_amount_text(session, expense), ticket=str(expense.ticket_id or ""),
        contract=contract_name(session, expense.contract_id),
        markup_percent=f"{expense.markup_percent.normalize():f}",
        billable="yes" if expense.billable else "no",
    )  # fmt: skip
