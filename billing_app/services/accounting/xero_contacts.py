"""Customers → Xero contacts in bulk, before any invoice is pushed.

Stored ContactIDs are checked with `GET Contacts?IDs=` (50 a call); only when a customer is
still unresolved is the organisation's contact list read (100 a page) to match by name, then
e-mail (domain.contact_match); the rest are created with `PUT Contacts` (50 a call). The ids
are stored on the customers, so a rerun after a crash finds them instead of creating them,
and a creation retried after a 5xx carries the same Idempotency-Key (the customers' ids).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session

from billing_app.domain.accounting import Provider
from billing_app.domain.contact_match import CustomerRef, ProviderContact, match_contacts
from billing_app.domain.idempotency import batch_key, export_key
from billing_app.integrations.export_invoice import ExportCustomer
from billing_app.integrations.xero_payload import contacts_body
from billing_app.models import Customer
from billing_app.services.accounting.xero_calls import Payload, XeroCalls, refusal

CONTACTS_PER_CALL = 50
PAGE_SIZE = 100
T = TypeVar("T")


@dataclass
class Contacts:
    ids: dict[int, str] = field(default_factory=dict)  # customer id → ContactID
    failed: dict[int, str] = field(default_factory=dict)  # customer id → Xero's message


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _contact(record: Payload) -> ProviderContact:
    return ProviderContact(record["ContactID"], record.get("Name") or "",
                           record.get("EmailAddress") or "")  # fmt: skip


def _by_ids(calls: XeroCalls, ids: list[str]) -> list[ProviderContact]:
    found = []
    for chunk in chunks(ids, CONTACTS_PER_CALL):
        answer = calls.call("GET Contacts", "get_contacts", i_ds=list(chunk))
        found += [_contact(record) for record in answer.get("Contacts") or []]
    return found


def _all(calls: XeroCalls) -> list[ProviderContact]:
    found: list[ProviderContact] = []
    page = 1
    while True:
        answer = calls.call("GET Contacts", "get_contacts", page=page, page_size=PAGE_SIZE)
        records = answer.get("Contacts") or []
        found += [_contact(record) for record in records]
        if len(records) < PAGE_SIZE:
            return found
        page += 1


def _create(calls: XeroCalls, customers: Sequence[ExportCustomer], contacts: Contacts) -> None:
    for chunk in chunks(customers, CONTACTS_PER_CALL):
        body = contacts_body(chunk)
        key = batch_key((export_key(Provider.XERO, c.id, 0, "contact") for c in chunk), body)
        answer = calls.call("PUT Contacts", "create_contacts", contacts=body,
                            summarize_errors=False, idempotency_key=key)  # fmt: skip
        records = answer.get("Contacts") or []
        for customer, record in zip(chunk, records, strict=False):
            why = refusal(record, "ContactID")
            if why is not None:
                contacts.failed[customer.id] = "Xero refused the contact: " + why
            else:
                contacts.ids[customer.id] = record["ContactID"]
        for customer in chunk[len(records) :]:
            contacts.failed[customer.id] = (
                f"Xero answered for {len(records)} of the {len(chunk)} contacts sent, not for "
                f"{customer.name}; export again (the contact is looked up by name first)."
            )


def resolve_contacts(
    session: Session, calls: XeroCalls, customers: Sequence[ExportCustomer]
) -> Contacts:
    """Every customer's ContactID (stored on the customer), or why Xero would not create it."""
    stored = [c.external_id for c in customers if c.external_id]
    known = _by_ids(calls, stored) if stored else []
    known_ids = {contact.id for contact in known}
    if any(c.external_id not in known_ids for c in customers):
        known += _all(calls)
    refs = [CustomerRef(c.id, c.name, c.emails, c.external_id) for c in customers]
    matches = match_contacts(refs, known)
    contacts = Contacts({customer_id: m.contact_id for customer_id, m in matches.matched.items()})
    missing = {ref.id for ref in matches.to_create}
    _create(calls, [c for c in customers if c.id in missing], contacts)
    by_id = {c.id: c for c in customers}
    for customer_id, contact_id in contacts.ids.items():
        if by_id[customer_id].external_id != contact_id:
            session.get_one(Customer, customer_id).xero_contact_id = contact_id
    session.flush()
    return contacts
