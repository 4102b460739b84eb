"""The QuickBooks Online company a test server keeps in memory: records as QBO JSON dicts.

Create, sparse or full update (SyncToken checked) and delete, with the validation faults
QuickBooks answers (unknown references, duplicate names, stale SyncToken, Amount != Qty * UnitPrice)
and the derived fields it computes (Id, SyncToken, MetaData, DocNumber, TotalAmt, Balance).
Payments lower the Balance of the invoices and credit memos they link, and are listed in
their LinkedTxn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.integrations.qbo_records import (
    ENTITIES,
    READ_ONLY,
    TRANSACTIONS,
    Fault,
    Record,
    now_iso,
)
from tests.integrations.qbo_rules import APPLY_AGAIN, PREPARE, UNAPPLY, nothing


@dataclass
class Company:
    realm_id: str
    currency: str = "USD"
    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {e: {} for e in ENTITIES})
    last_id: int = 0
    last_doc_number: int = 1000

    def all(self, entity: str) -> list[Record]:
        return list(self.records[entity].values())

    def get(self, entity: str, record_id: str) -> Record:
        found = self.records[entity].get(str(record_id))
        if found is None:
            raise Fault(
                "610",
                "Object Not Found",
                f"Object Not Found : {entity} {record_id} does not exist.",
            )
        return found

    def seed(self, entity: str, record: Record) -> Record:
        """Store a record as given (plus Id/SyncToken/MetaData): test setup, no validation."""
        return self._store(entity, dict(record))

    def apply(self, entity: str, operation: str, payload: Record) -> Record:
        """One write, as `POST /{entity}` or one BatchItemRequest does it; the stored record."""
        if entity in READ_ONLY or entity not in self.records:
            raise Fault(
                "500",
                "Unsupported Operation",
                f"Operation {operation} is not supported for {entity}.",
            )
        if operation == "create":
            record = dict(payload)
            record["Id"] = self._new_id()  # known while preparing: a payment links it
            PREPARE[entity](self, record)
            return self._store(entity, record)
        existing = self._current(entity, payload)
        if operation == "delete":
            return self._delete(entity, existing)
        if operation == "update":
            return self._update(entity, existing, payload)
        raise Fault(
            "2010", "Request has invalid or unsupported property", f"Unknown operation: {operation}"
        )

    def ref(self, entity: str, ref: Any, element: str) -> Record:
        value = ref.get("value") if isinstance(ref, dict) else None
        if value is None:
            raise Fault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                f"Required parameter {element} is missing in the request",
                element=element,
            )
        found = self.records[entity].get(str(value))
        if found is None or found.get("Active") is False:
            raise Fault(
                "2500",
                "Invalid Reference Id",
                f"Invalid Reference Id : {entity} {value} ({element}) does not exist "
                "or has been made inactive.",
                element=element,
            )
        return found

    def _new_id(self) -> str:
        self.last_id += 1
        return str(self.last_id)

    def _store(self, entity: str, record: Record) -> Record:
        stamp = now_iso()
        record.update(
            Id=record.get("Id") or self._new_id(),
            SyncToken="0",
            domain="QBO",
            sparse=False,
            MetaData={"CreateTime": stamp, "LastUpdatedTime": stamp},
        )
        self.records[entity][record["Id"]] = record
        return record

    def _current(self, entity: str, payload: Record) -> Record:
        if not payload.get("Id"):
            raise Fault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                "Required parameter Id is missing in the request",
            )
        existing = self.get(entity, str(payload["Id"]))
        if str(payload.get("SyncToken")) != existing["SyncToken"]:
            raise Fault(
                "5010",
                "Stale Object Error",
                f"Stale Object Error : You and another user were working on {entity} "
                f"{existing['Id']} at the same time. SyncToken is "
                f"{existing['SyncToken']}.",
            )
        return existing

    def _update(self, entity: str, existing: Record, payload: Record) -> Record:
        if payload.get("sparse") in (True, "true"):
            merged = {**existing, **payload}
            if "Line" in payload and "TxnTaxDetail" not in payload:
                merged.pop("TxnTaxDetail", None)  # new lines: the tax is computed again
        else:
            keep = ("Id", "MetaData", "domain", "LinkedTxn")  # QBO keeps the payment links
            merged = {**payload, **{k: existing[k] for k in keep if k in existing}}
        UNAPPLY.get(entity, nothing)(self, existing)
        try:
            PREPARE[entity](self, merged)
        except Fault:
            APPLY_AGAIN.get(entity, nothing)(self, existing)
            raise
        merged.update(SyncToken=str(int(existing["SyncToken"]) + 1), sparse=False)
        merged["MetaData"] = {**existing["MetaData"], "LastUpdatedTime": now_iso()}
        self.records[entity][existing["Id"]] = merged
        return merged

    def _delete(self, entity: str, existing: Record) -> Record:
        if entity not in TRANSACTIONS:
            raise Fault(
                "6000",
                "A business validation error has occurred while processing your request",
                f"{entity} cannot be deleted: make it inactive (Active=false) instead.",
            )
        UNAPPLY.get(entity, nothing)(self, existing)
        del self.records[entity][existing["Id"]]
        return {"status": "Deleted", "domain": "QBO", "Id": existing["Id"]}


def seed_company(company: Company) -> Company:
    """A new QBO company: income, bank and undeposited-funds accounts, two items, Italian VAT
    codes of one rate each (22%, 10%, exempt at 0%)."""
    income = company.seed("Account", {"Name": "Services", "AccountType": "Income", "Active": True})
    for name, kind in (("Undeposited Funds", "Other Current Asset"), ("Checking", "Bank")):
        company.seed("Account", {"Name": name, "AccountType": kind, "Active": True})
    for name in ("Services", "Hours"):
        company.seed(
            "Item",
            {
                "Name": name,
                "Type": "Service",
                "Active": True,
                "IncomeAccountRef": {"value": income["Id"], "name": "Services"},
            },
        )
    for name, rate in (("22% IVA", 22), ("10% IVA", 10), ("Exempt", 0)):
        sales_rate = company.seed(
            "TaxRate", {"Name": f"IVA {rate}%", "RateValue": rate, "Active": True}
        )
        detail = {"TaxRateRef": {"value": sales_rate["Id"], "name": sales_rate["Name"]},
                  "TaxTypeApplicable": "TaxOnAmount", "TaxOrder": 0}  # fmt: skip
        company.seed("TaxCode", {
            "Name": name, "Active": True, "Taxable": rate > 0, "Description": f"{rate}%",
            "SalesTaxRateList": {"TaxRateDetail": [detail]},
            "PurchaseTaxRateList": {"TaxRateDetail": []},
        })  # fmt: skip
    return company
