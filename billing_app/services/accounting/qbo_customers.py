"""Our customers → QuickBooks customers, in bulk: found by stored Id and by DisplayName (a few
`IN` queries for any number of customers), the rest created in batches of 30 with their
billing address; a customer found whose BillAddr differs from ours gets a sparse update of it.
The Ids are stored on the customers and committed, so a rerun finds them by Id. The result
also carries each customer's address (the invoices' BillAddr) and the sentence saying what
had to be cut for QuickBooks. `resolve_tax_rates` reads the mapped tax codes' rates (the
invoices' TaxLines) in two queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session, col, select, update

from billing_app.domain.accounting import Provider
from billing_app.domain.contact_match import CustomerRef, ProviderContact, match_contacts
from billing_app.domain.idempotency import batch_key, export_key
from billing_app.integrations.export_invoice import ExportCustomer, ExportMappings
from billing_app.integrations.qbo_payload import (
    BATCH_SIZE,
    QboAddress,
    bill_addr,
    customer_to_qbo,
    display_name,
    sparse_update,
)
from billing_app.integrations.qbo_tax_lines import TaxRates, sales_rate_ids, tax_rates_from
from billing_app.models import Customer
from billing_app.services.accounting.qbo_client import Payload, QboCaller

T = TypeVar("T")
QUERY_CHUNK = 100  # values in one `IN (...)`: keeps the query text short
MAX_RESULTS = 1000


@dataclass
class CustomerIds:
    found: dict[int, str] = field(default_factory=dict)  # our customer id → QuickBooks Id
    errors: dict[int, str] = field(default_factory=dict)  # our customer id → QuickBooks' message
    notes: dict[int, str] = field(default_factory=dict)  # our customer id → what was cut
    addresses: dict[int, QboAddress] = field(default_factory=dict)  # for invoices' BillAddr


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
        items = []
        for key, customer in keys.items():
            payload, note = customer_to_qbo(customer, ids.addresses.get(customer.id))
            items.append({"bId": key, "operation": "create", "Customer": payload})
            if note:
                ids.notes[customer.id] = note
        for answer in caller.batch(items, batch_key(keys, items)):
            created = keys.get(str(answer.get("bId")))
            if created is None:
                continue
            if "Customer" in answer:
                ids.found[created.id] = str(answer["Customer"]["Id"])
            else:
                ids.errors[created.id] = fault_message(answer.get("Fault") or {}) or "No answer."


def _update_addresses(caller: QboCaller, rows: dict[str, Payload], ids: CustomerIds) -> None:
    """A sparse update of BillAddr for each customer found whose address differs from ours; a
    refusal is told in the customer's note, its invoices still go."""
    changed: dict[str, tuple[int, Payload]] = {}
    for customer_id, qbo_id in ids.found.items():
        row, ours = rows.get(qbo_id), bill_addr(ids.addresses.get(customer_id, QboAddress()))
        if row is None or not ours:
            continue
        theirs = row.get("BillAddr") or {}
        if any(theirs.get(key) != value for key, value in ours.items()):
            operation = f"customer-address:{row['SyncToken']}"
            key = export_key(Provider.QUICKBOOKS, customer_id, 0, operation)
            changed[key] = (customer_id, sparse_update(qbo_id, str(row["SyncToken"]))
                            | {"BillAddr": ours})  # fmt: skip
    for part in chunks(list(changed), BATCH_SIZE):
        items = [{"bId": key, "operation": "update", "Customer": changed[key][1]} for key in part]
        for answer in caller.batch(items, batch_key(part, items)):
            refused = changed.get(str(answer.get("bId")), (None, {}))[0]
            if refused is not None and "Customer" not in answer:
                message = fault_message(answer.get("Fault") or {}) or "No answer."
                ids.notes[refused] = f"The address was not updated in QuickBooks: {message}"


def _addresses(session: Session, customer_ids: Sequence[int]) -> dict[int, QboAddress]:
    rows = session.exec(select(Customer).where(col(Customer.id).in_(customer_ids))).all()
    return {
        row.id: QboAddress(row.street, row.city, row.postcode, row.region, row.country)
        for row in rows
        if row.id is not None
    }


def resolve_tax_rates(caller: QboCaller, mappings: ExportMappings) -> TaxRates:
    """The sales rates of every mapped TaxCode (for the TaxLines of invoice_to_qbo)."""
    codes = select_in(caller, "TaxCode", "Id", list(mappings.tax_codes.values()))
    rate_ids = [rate for code in codes for rate in sales_rate_ids(code)]
    return tax_rates_from(codes, select_in(caller, "TaxRate", "Id", rate_ids) if rate_ids else [])


def resolve_customers(
    session: Session, caller: QboCaller, customers: Iterable[ExportCustomer]
) -> CustomerIds:
    """Every customer's QuickBooks Id (stored id, then name, then e-mail; else created)."""
    unique = list({c.id: c for c in customers}.values())
    addresses = _addresses(session, [c.id for c in unique])
    stored = [c.external_id for c in unique if c.external_id]
    contacts = select_in(caller, "Customer", "Id", stored) if stored else []
    names = [display_name(c.name) for c in unique]
    contacts += select_in(caller, "Customer", "DisplayName", names) if names else []
    refs = [CustomerRef(c.id, display_name(c.name), c.emails, c.external_id) for c in unique]
    matches = match_contacts(refs, [_contact(row) for row in contacts])
    ids = CustomerIds({cid: match.contact_id for cid, match in matches.matched.items()},
                      addresses=addresses)  # fmt: skip
    _update_addresses(caller, {str(row["Id"]): row for row in contacts}, ids)
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
