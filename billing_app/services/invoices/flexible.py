"""Flexible invoices: a Draft for a customer outside any batch, with custom, product and
unbilled-work lines."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.models import (
    AccountSettings,
    Contract,
    Customer,
    Invoice,
)
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require

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
