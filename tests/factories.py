"""Factories with readable defaults, for tests that need a few rows of their own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from billing_app.domain.contracts import ContractType
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import Contract, Customer, Invoice, Ticket, TimeEntry, User
from billing_app.services.actor import Actor
from billing_app.services.passwords import hash_password
from billing_app.services.sessions import actor_of


def add(session: Session, row: Any) -> Any:
    session.add(row)
    session.flush()
    return row


def customer(session: Session, **fields: Any) -> Customer:
    values = {"name": "Acme S.r.l.", "country": "IT", "currency": "EUR"} | fields
    return add(session, Customer(**values))


def contract(session: Session, owner: Customer, **fields: Any) -> Contract:
    values = {
        "customer_id": owner.id,
        "name": "Hourly support",
        "type": ContractType.HOURLY,
        "start_date": dt.date(2026, 1, 1),
        "hourly_rate": Decimal("65.00"),
        "tax_rate": Decimal(22),
    } | fields
    return add(session, Contract(**values))


def ticket(session: Session, owner: Customer, **fields: Any) -> Ticket:
    values = {"customer_id": owner.id, "subject": "Printer offline"} | fields
    return add(session, Ticket(**values))


def time_entry(session: Session, on: Ticket, **fields: Any) -> TimeEntry:
    values = {
        "customer_id": on.customer_id,
        "ticket_id": on.id,
        "contract_id": on.contract_id,
        "technician": "Giulia Conti",
        "started_at": dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC),
        "duration_minutes": 45,
    } | fields
    return add(session, TimeEntry(**values))


def invoice(session: Session, owner: Customer, **fields: Any) -> Invoice:
    values = {"customer_id": owner.id, "currency": owner.currency} | fields
    if values.get("status", InvoiceStatus.DRAFT) != InvoiceStatus.DRAFT:
        values.setdefault("series", "2026")
    return add(session, Invoice(**values))


PASSWORD = "right-password-1"


def user(session: Session, role: Role = Role.BILLING, **fields: Any) -> User:
    values = {
        "email": f"{role.value}@example.com",
        "name": role.label,
        "role": role,
        "password_hash": hash_password(PASSWORD),
    } | fields
    return add(session, User(**values))


def actor(row: User) -> Actor:
    return actor_of(row)
