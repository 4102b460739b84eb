"""Customers → the provider's contacts: by stored id, then name, then e-mail; the rest to create.

One pass over each list with dict lookups, so thousands of customers against thousands of
contacts cost milliseconds. A stored id that is no longer among the provider's contacts
(deleted or merged there) falls through to the name and e-mail rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class MatchedBy(StrEnum):
    STORED_ID = "stored_id"
    NAME = "name"
    EMAIL = "email"


@dataclass(frozen=True)
class CustomerRef:
    id: int
    name: str
    emails: tuple[str, ...] = ()
    stored_id: str | None = None


@dataclass(frozen=True)
class ProviderContact:
    id: str
    name: str
    email: str = ""


@dataclass(frozen=True)
class ContactMatch:
    contact_id: str
    matched_by: MatchedBy


@dataclass(frozen=True)
class ContactMatches:
    matched: dict[int, ContactMatch]  # customer id → contact
    to_create: tuple[CustomerRef, ...]


def normalized_name(name: str) -> str:
    """ "ACME  s.r.l." and "acme s.r.l." are one name: case and spacing do not count."""
    return " ".join(name.casefold().split())


def normalized_email(email: str) -> str:
    return email.strip().casefold()


def match_contacts(
    customers: Iterable[CustomerRef], contacts: Iterable[ProviderContact]
) -> ContactMatches:
    by_id: set[str] = set()
    by_name: dict[str, str] = {}
    by_email: dict[str, str] = {}
    for contact in contacts:  # the first contact with a name or e-mail wins, as listed
        by_id.add(contact.id)
        by_name.setdefault(normalized_name(contact.name), contact.id)
        if contact.email:
            by_email.setdefault(normalized_email(contact.email), contact.id)
    matched: dict[int, ContactMatch] = {}
    to_create: list[CustomerRef] = []
    for customer in customers:
        match = _match(customer, by_id, by_name, by_email)
        if match:
            matched[customer.id] = match
        else:
            to_create.append(customer)
    return ContactMatches(matched, tuple(to_create))


def _match(
    customer: CustomerRef, by_id: set[str], by_name: dict[str, str], by_email: dict[str, str]
) -> ContactMatch | None:
    if customer.stored_id and customer.stored_id in by_id:
        return ContactMatch(customer.stored_id, MatchedBy.STORED_ID)
    if contact_id := by_name.get(normalized_name(customer.name)):
        return ContactMatch(contact_id, MatchedBy.NAME)
    for email in customer.emails:
        if contact_id := by_email.get(normalized_email(email)):
            return ContactMatch(contact_id, MatchedBy.EMAIL)
    return None
