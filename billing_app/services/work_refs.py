"""What a piece of work points at, as typed: the customer by name, its ticket by number and
its contract by name. Shared by the dialogs and the CSV import of tickets, time and expenses.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from billing_app.domain.roles import Permission
from billing_app.models import Contract, Customer, Ticket
from billing_app.services.actor import Actor
from billing_app.services.authorization import require


@dataclass(frozen=True)
class WorkRefs:
    customer: Customer | None
    ticket: Ticket | None
    contract_id: int | None


def find_customer(session: Session, name: str, errors: dict[str, str]) -> Customer | None:
    if not name.strip():
        errors["customer"] = "Choose the customer."
        return None
    found = session.exec(
        select(Customer).where(sa.func.lower(col(Customer.name)) == name.strip().lower())
    ).all()
    if len(found) != 1:
        errors["customer"] = (
            f"No customer is called '{name.strip()}'; check the spelling on the Customers page."
            if not found
            else f"Several customers are called '{name.strip()}'; rename one of them first."
        )
        return None
    return found[0]


def find_ticket(
    session: Session, text: str, customer: Customer | None, errors: dict[str, str]
) -> Ticket | None:
    number = text.strip().lstrip("#")
    if not number:
        return None
    ticket = session.get(Ticket, int(number)) if number.isdigit() else None
    if ticket is None:
        errors["ticket"] = f"There is no ticket #{number}; write the number of an existing ticket."
    elif customer is not None and ticket.customer_id != customer.id:
        errors["ticket"] = (
            f"Ticket #{number} is for another customer, not {customer.name}; check the number."
        )
    return ticket if "ticket" not in errors else None


def find_contract(
    session: Session, name: str, customer: Customer | None, errors: dict[str, str]
) -> int | None:
    if not name.strip() or customer is None:
        return None
    contract_id = session.exec(
        select(Contract.id).where(
            col(Contract.customer_id) == customer.id,
            sa.func.lower(col(Contract.name)) == name.strip().lower(),
        )
    ).first()
    if contract_id is None:
        errors["contract"] = f"{customer.name} has no contract called '{name.strip()}'."
    return contract_id


def find_refs(
    session: Session, customer: str, ticket: str, contract: str, errors: dict[str, str]
) -> WorkRefs:
    """The customer, and the ticket or contract of that customer (the ticket's contract when
    only the ticket is given)."""
    found = find_customer(session, customer, errors)
    on_ticket = find_ticket(session, ticket, found, errors)
    contract_id = find_contract(session, contract, found, errors)
    if contract_id is None and on_ticket is not None and not contract.strip():
        contract_id = on_ticket.contract_id
    return WorkRefs(found, on_ticket, contract_id)


def contract_name(session: Session, contract_id: int | None) -> str:
    contract = session.get(Contract, contract_id) if contract_id else None
    return contract.name if contract else ""


def customer_name(session: Session, customer_id: int) -> str:
    customer = session.get(Customer, customer_id)
    return customer.name if customer else ""


def work_choices(session: Session, actor: Actor) -> dict[str, list[str]]:
    """The active customers by name, each with its active contracts: the work dialogs' pickers."""
    require(session, actor, Permission.VIEW_WORK, "see customers and contracts")
    choices: dict[str, list[str]] = {
        name: []
        for name in session.exec(
            select(Customer.name).where(col(Customer.active)).order_by(col(Customer.name))
        )
    }
    for customer, contract in session.exec(
        select(Customer.name, Contract.name)
        .join(Contract, col(Contract.customer_id) == Customer.id)
        .where(col(Customer.active), col(Contract.active))
        .order_by(col(Contract.name))
    ):
        choices[customer].append(contract)
    return choices
