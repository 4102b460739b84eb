"""A contract's periodic fee over time (`ContractFee`): a change counts from a date on, like a
unit count, so billed periods keep their fee and a period cut by the change is prorated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlmodel import Session, col, delete, select

from billing_app.domain.contracts import ContractType
from billing_app.models import Contract, ContractFee


def periodic_fee(contract: Contract) -> Decimal | None:
    """What a contract charges every period: a retainer's fee, a block's price."""
    if contract.type is ContractType.RETAINER:
        return contract.fee
    if contract.type is ContractType.BLOCK_HOURS:
        return contract.block_price
    return None


def fee_on(session: Session, contract_id: int, day: dt.date) -> Decimal | None:
    """The fee in force on a day (the first one, when the contract starts later)."""
    fees = session.exec(
        select(ContractFee)
        .where(ContractFee.contract_id == contract_id)
        .order_by(col(ContractFee.effective_from))
    ).all()
    current = fees[0].amount if fees else None
    for fee in fees:
        if fee.effective_from <= day:
            current = fee.amount
    return current


def record_fee(session: Session, contract: Contract, since: dt.date) -> None:
    """Keep the history in step with the contract just saved: a new fee counts from `since`;
    a contract with no periodic fee (any more) has no history."""
    assert contract.id is not None
    amount = periodic_fee(contract)
    if amount is None:
        session.exec(delete(ContractFee).where(col(ContractFee.contract_id) == contract.id))
        return
    if fee_on(session, contract.id, since) == amount:
        return
    fee = session.exec(
        select(ContractFee).where(
            ContractFee.contract_id == contract.id, ContractFee.effective_from == since
        )
    ).first() or ContractFee(contract_id=contract.id, effective_from=since, amount=amount)
    fee.amount = amount
    session.add(fee)
    session.flush()
