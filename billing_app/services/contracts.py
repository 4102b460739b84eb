"""Creating and changing contracts (with their unit lines), and retiring them."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal

from sqlmodel import Session, col, select

from billing_app.domain.contract_form import (
    ContractForm,
    ContractTerms,
    UnitLineTerms,
    read_contract,
)
from billing_app.domain.contracts import ContractType
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Permission
from billing_app.models import Contract, ContractUnitLine, Customer, UnitCount
from billing_app.services.account import account_currency_and_locale
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.contract_fees import record_fee
from billing_app.services.contract_listing import current_counts
from billing_app.services.locks import contract_billed_on, locked_message

# What billed periods were cut by: changing them once billed would bill a period twice.
BILLED_SHAPE = {"customer_id": "customer", "type": "type", "start_date": "start date",
                "frequency": "frequency", "timing": "timing"}  # fmt: skip
TERMS = tuple(field.name for field in fields(ContractTerms))


def _customer_currency(session: Session, customer_id: int | None) -> tuple[str, str]:
    """The customer's currency and the account's locale; the account's currency when the
    customer is unknown (the form then says so)."""
    currency, locale = account_currency_and_locale(session)
    customer = session.get(Customer, customer_id) if customer_id else None
    return (customer.currency if customer else currency), locale


def _refuse_reshaping_billed(
    session: Session, contract: Contract, customer_id: int, terms: ContractTerms,
    lines: tuple[UnitLineTerms, ...],
) -> None:  # fmt: skip
    assert contract.id is not None
    changed = [
        f
        for f in BILLED_SHAPE
        if getattr(contract, f) != (customer_id if f == "customer_id" else getattr(terms, f))
    ]
    kept = {line.id for line in lines}
    stored = session.exec(
        select(ContractUnitLine.id).where(ContractUnitLine.contract_id == contract.id)
    ).all()
    removed = terms.type is ContractType.PER_UNIT and any(i not in kept for i in stored)
    if not (changed or removed) or not (where := contract_billed_on(session, contract.id)):
        return

    def refusal(doing: str) -> str:
        return locked_message("This contract", where, doing).message

    errors = {f: refusal(f"changing its {BILLED_SHAPE[f]}") for f in changed}
    if removed:
        errors["unit_lines"] = refusal("removing a unit line")
    raise FieldErrors("contract_billed", errors)


def _save_unit_lines(
    session: Session, contract: Contract, lines: tuple[UnitLineTerms, ...], since: dt.date
) -> None:
    """Lines keep their id; a changed quantity counts from `since` (earlier counts stay, so
    billed periods keep theirs)."""
    assert contract.id is not None
    stored = {
        line.id: line
        for line in session.exec(
            select(ContractUnitLine).where(ContractUnitLine.contract_id == contract.id)
        )
    }
    for gone in set(stored) - {line.id for line in lines}:
        session.delete(stored[gone])
    counts = current_counts(session, [i for i in stored if i is not None], since)
    for typed in lines:
        line = stored.get(typed.id) or ContractUnitLine(
            contract_id=contract.id, name="", unit_price=typed.unit_price)  # fmt: skip
        line.name, line.unit_price = typed.name, typed.unit_price
        session.add(line)
        session.flush()
        assert line.id is not None
        if counts.get(line.id) != typed.quantity:
            _count_from(session, line.id, since, typed.quantity)


def _count_from(session: Session, line_id: int, since: dt.date, quantity: Decimal) -> None:
    count = session.exec(
        select(UnitCount).where(
            col(UnitCount.unit_line_id) == line_id, col(UnitCount.effective_from) == since
        )
    ).first()
    count = count or UnitCount(unit_line_id=line_id, effective_from=since, quantity=quantity)
    count.quantity = quantity
    session.add(count)


def save_contract(
    session: Session, actor: Actor, contract_id: int | None, form: ContractForm,
    today: dt.date | None = None,
) -> int:  # fmt: skip
    """Create (no id) or change a contract; refused with a sentence per field, nothing saved."""
    require(session, actor, Permission.CHANGE_BILLING, "change contracts")
    currency, locale = _customer_currency(session, form.customer_id)
    terms, lines = read_contract(form, currency, locale)
    assert form.customer_id is not None
    if session.get(Customer, form.customer_id) is None:
        raise FieldErrors("invalid_contract", {"customer_id": "That customer no longer exists."})
    contract = session.get(Contract, contract_id) if contract_id else None
    if contract_id and contract is None:
        raise BillingError("contract_not_found", "That contract no longer exists; reload.")
    if contract is not None:
        _refuse_reshaping_billed(session, contract, form.customer_id, terms, lines)
    is_new = contract is None
    contract = contract or Contract(customer_id=form.customer_id, name="", type=terms.type,
                                    start_date=terms.start_date)  # fmt: skip
    contract.customer_id = form.customer_id
    for field in TERMS:
        setattr(contract, field, getattr(terms, field))
    session.add(contract)
    session.flush()
    today = today or dt.datetime.now(dt.UTC).date()
    since = terms.start_date if is_new or terms.start_date > today else today
    if lines:
        _save_unit_lines(session, contract, lines, since)
    record_fee(session, contract, since)
    record_audit(session, actor, "contract_created" if is_new else "contract_changed",
                 entity="contract", entity_id=contract.id,
                 to_value=f"{contract.name} ({contract.type.label})")  # fmt: skip
    assert contract.id is not None
    return contract.id


def set_contract_active(session: Session, actor: Actor, contract_id: int, active: bool) -> str:
    """Retire a contract (it stops billing) or bring it back; contracts are never deleted."""
    require(session, actor, Permission.CHANGE_BILLING, "change contracts")
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise BillingError("contract_not_found", "That contract no longer exists; reload.")
    if contract.active != active:
        contract.active = active
        session.add(contract)
        record_audit(session, actor, "contract_reactivated" if active else "contract_deactivated",
                     entity="contract", entity_id=contract_id, to_value=contract.name)  # fmt: skip
    return contract.name
