"""Changing an expense: only its own technician (or billing staff), never once billed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission, can_edit_work_of
from billing_app.domain.work import LineKind
from billing_app.models import Expense
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import refuse, require
from billing_app.services.locks import billed_on, locked_message


@dataclass(frozen=True)
class ExpenseChanges:
    amount: Decimal | None = None
    markup_percent: Decimal | None = None
    description: str | None = None
    billable: bool | None = None


def _check(changes: ExpenseChanges) -> None:
    if changes.amount is not None and changes.amount <= 0:
        raise BillingError("invalid_amount", f"An expense of {changes.amount} is not positive.")
    if changes.markup_percent is not None and not 0 <= changes.markup_percent <= 1000:
        raise BillingError(
            "invalid_markup", f"A markup of {changes.markup_percent}% is out of range (0–1000%)."
        )
    if changes.description is not None and not changes.description.strip():
        raise BillingError("invalid_description", "Describe the expense.")


def update_expense(
    session: Session, actor: Actor, expense_id: int, changes: ExpenseChanges
) -> Expense:
    require(session, actor, Permission.LOG_OWN_WORK, "change expenses")
    expense = session.get(Expense, expense_id)
    if expense is None:
        raise BillingError("expense_not_found", "That expense no longer exists.")
    if not can_edit_work_of(actor.role, own=expense.user_id == actor.user_id):
        raise refuse(session, actor, "change another technician's expense",
                     f"edit_any_work: expense {expense_id}")  # fmt: skip
    if where := billed_on(session, LineKind.EXPENSE, expense_id):
        raise locked_message(f"Expense #{expense_id}", where, "changing it")
    _check(changes)
    before = f"{expense.amount}"
    for field in ("amount", "markup_percent", "description", "billable"):
        if (value := getattr(changes, field)) is not None:
            setattr(expense, field, value)
    session.flush()
    record_audit(session, actor, "expense_changed", entity="expense", entity_id=expense_id,
                 from_value=before, to_value=f"{expense.amount}")  # fmt: skip
    return expense
