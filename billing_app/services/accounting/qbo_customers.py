"""Our customers → QuickBooks customers, in bulk: found by stored Id and by DisplayName (a few
`IN` queries for any number of customers), the rest created in batches of 30; the Ids are
stored on the customers and committed, so a rerun finds them by Id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session, col, update

from billing_app.domain.accounting import Provider
from billing_app.domain.contact_match import CustomerRef, ProviderContact, match_contacts
from billing_app.domain.idempotency import batch_key, export_key
from billing_app.integrations.export_invoice import ExportCustomer
from billing_app.integrations.qbo_payload import BATCH_SIZE, customer_to_qbo, display_name
from billing_app.models import Customer
from billing_app.services.accounting.qbo_client import Payload, QboCaller

T = TypeVar("T")
QUERY_CHUNK = 100  # values in one `IN (...)`: keeps the query text short
MAX_RESULTS = 1000


@dataclass
class CustomerIds:
    found: dict[int, str] = field(default_factory=dict)  # our customer id → QuickBooks Id
    errors: dict[int, str] = field(default_factory=dict)  # our customer id → QuickBooks' message


def quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def chunks(values: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def select_in(caller: QboCaller, entity: str, column: str, values: Sequence[str]) -> list[Payload]:
    found: list[Payload] = []
    for part in chunks(sorted(set(values)), QUERY_CHUNK):
        listed = ", ".join(quoted(v) for v in part)
        text = f"select * from {entity} where {column} in ({listed}) maxresults {MAX_RESULTS}"
        rows = caller.query(text).get(entity, [])
        found.extend(row for row in rows if isinstance(row, dict))
    return found


def _contact(row: Payload) -> ProviderContact:
    email = (row.get("PrimaryEmailAddr") or {}).get("Address", "")
    return ProviderContact(str(row["Id"]), str(row.get("DisplayName", "")), str(email or ""))


def fault_message(fault: Payload) -> str:
    errors = fault.get("Error") or [{}]
    first = errors[0] if isinstance(errors, list) and errors else {}
    return " ".join(str(first.get(k) or "") for k in ("Message", "Detail")).strip()


def _create(caller: QboCaller, customers: Sequence[ExportCustomer], ids: CustomerIds) -> None:
    for part in chunks(customers, BATCH_SIZE):
        keys = {export_key(Provider.QUICKBOOKS, c.id, 0, "customer"): c for c in part}
        items = [
            {"bId": key, "operation": "create", "Customer": customer_to_qbo(customer)}
            for key, customer in keys.items()
        ]
        for answer in caller.batch(items, batch_key(keys)):
            customer = keys.get(str(answer.get("bId")))
            if customer is None:
                continue
            if "Customer" in answer:
                ids.found[customer.id] = str(answer["Customer"]["Id"])
            else:
                ids.errors[customer.id] = fault_message(answer.get("Fault") or {}) or "No answer."


def resolve_customers(
    session: Session, caller: QboCaller, customers: Iterable[ExportCustomer]
) -> CustomerIds:
    """Every customer's QuickBooks Id (stored id, then name, then e-mail; else created)."""
    unique = list({c.id: c for c in customers}.values())
    stored = [c.external_id for c in unique if c.external_id]
    contacts = select_in(caller, "Customer", "Id", stored) if stored else []
    names = [display_name(c.name) for c in unique]
    contacts += select_in(caller, "Customer", "DisplayName", names) if names else []
    refs = [CustomerRef(c.id, display_name(c.name), c.emails, c.external_id) for c in unique]
    matches = match_contacts(refs, [_contact(row) for row in contacts])
    ids = CustomerIds({cid: match.contact_id for cid, match in matches.matched.items()})
    by_id = {c.id: c for c in unique}
    _create(caller, [by_id[ref.id] for ref in matches.to_create], ids)
    for customer_id, qbo_id in ids.found.items():
        if by_id[customer_id].external_id != qbo_id:
            session.execute(
                update(Customer)
                .where(col(Customer.id) == customer_id)
                .values(quickbooks_customer_id=qbo_id)
            )
    session.commit()
    return ids
