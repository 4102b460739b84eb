"""The QuickBooks Online company a test server keeps in memory: records as QBO JSON dicts.

Create, sparse or full update (SyncToken checked) and delete, with the validation faults
QuickBooks answers (unknown references, duplicate names, stale SyncToken, Amount != Qty * UnitPrice)
and the derived fields it computes (Id, SyncToken, MetaData, DocNumber, TotalAmt, Balance).
Payments lower the Balance of the invoices and credit memos they link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Record = dict[str, Any]

ENTITIES = (
    "Account",
    "Customer",
    "Item",
    "TaxCode",
    "Invoice",
    "Payment",
    "CreditMemo",
    "RefundReceipt",
)
TRANSACTIONS = {"Invoice", "Payment", "CreditMemo", "RefundReceipt"}
READ_ONLY = {"TaxCode"}
NAME_FIELD = {"Customer": "DisplayName", "Item": "Name", "Account": "Name"}
US_TAX_CODES = {"TAX", "NON"}  # the two pseudo tax codes of US companies, never stored
CENT = Decimal("0.01")


class Fault(Exception):
    """A QBO fault: the JSON `Fault` object and the HTTP status that carries it."""

    def __init__(
        self,
        code: str,
        message: str,
        detail: str = "",
        *,
        element: str = "",
        kind: str = "ValidationFault",
        status: int = 400,
    ) -> None:
        super().__init__(f"{code} {message}: {detail}")
        self.code, self.message, self.detail, self.element = code, message, detail, element
        self.kind, self.status = kind, status

    def body(self) -> Record:
        error = {
            "Message": self.message,
            "Detail": self.detail,
            "code": self.code,
            "element": self.element,
        }
        return {"Error": [error], "type": self.kind}


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def amount(value: Any, element: str) -> Decimal:
    try:
        return Decimal(str(value))
    except ArithmeticError:
        raise Fault(
            "2050", "Invalid Number", f"{element} is not a number: {value!r}", element=element
        ) from None


def lookup(record: Record, path: str) -> Any:
    """A field by dotted path, case-insensitively; a Ref gives its value, an e-mail its address."""
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = next((v for k, v in value.items() if k.lower() == part.lower()), None)
    if isinstance(value, dict):
        return value.get("value", value.get("Address", value.get("FreeFormNumber")))
    return value


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
            record.pop("Id", None)
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

    def _store(self, entity: str, record: Record) -> Record:
        self.last_id += 1
        stamp = now_iso()
        record.update(
            Id=str(self.last_id),
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
        else:
            keep = ("Id", "MetaData", "domain")
            merged = {**payload, **{k: existing[k] for k in keep}}
        UNAPPLY.get(entity, _nothing)(self, existing)
        try:
            PREPARE[entity](self, merged)
        except Fault:
            APPLY_AGAIN.get(entity, _nothing)(self, existing)
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
        UNAPPLY.get(entity, _nothing)(self, existing)
        del self.records[entity][existing["Id"]]
        return {"status": "Deleted", "domain": "QBO", "Id": existing["Id"]}


def _nothing(company: Company, record: Record) -> None:
    return None


def _named(company: Company, entity: str, record: Record) -> None:
    name_field = NAME_FIELD[entity]
    name = str(record.get(name_field) or "").strip()
    if not name:
        raise Fault(
            "2020",
            "Required param missing, need to supply the required value for the API",
            f"Required parameter {name_field} is missing in the request",
            element=name_field,
        )
    for other in company.all(entity):
        if other["Id"] != record.get("Id") and str(other[name_field]).lower() == name.lower():
            raise Fault(
                "6240",
                "Duplicate Name Exists Error",
                f"The name supplied already exists. : Id={other['Id']}",
            )
    record[name_field] = name


def _prepare_customer(company: Company, record: Record) -> None:
    if not record.get("DisplayName"):
        given = " ".join(str(record.get(k) or "") for k in ("GivenName", "FamilyName")).strip()
        record["DisplayName"] = record.get("CompanyName") or given
    _named(company, "Customer", record)
    record.setdefault("Active", True)
    record.setdefault("Balance", 0)
    record.setdefault("CurrencyRef", {"value": company.currency})


def _prepare_item(company: Company, record: Record) -> None:
    _named(company, "Item", record)
    if record.get("IncomeAccountRef"):
        company.ref("Account", record["IncomeAccountRef"], "IncomeAccountRef")
    record.setdefault("Type", "Service")
    record.setdefault("Active", True)


def _prepare_account(company: Company, record: Record) -> None:
    _named(company, "Account", record)
    if not record.get("AccountType"):
        raise Fault(
            "2020",
            "Required param missing, need to supply the required value for the API",
            "Required parameter AccountType is missing in the request",
        )
    record.setdefault("Active", True)


def _sales_lines(company: Company, record: Record) -> Decimal:
    """Check the lines' references and arithmetic; the total before tax (QBO's SubTotal)."""
    lines = [ln for ln in record.get("Line") or [] if ln.get("DetailType") != "SubTotalLineDetail"]
    if not lines:
        raise Fault(
            "2020",
            "Required param missing, need to supply the required value for the API",
            "Required parameter Line is missing in the request",
        )
    subtotal = Decimal(0)
    for number, line in enumerate(lines, start=1):
        line["LineNum"] = number
        value = line["Amount"] = amount(line.get("Amount", 0), f"Line.{number}.Amount")
        detail = line.get("SalesItemLineDetail")
        if line.get("DetailType") == "SalesItemLineDetail" and isinstance(detail, dict):
            _check_sales_detail(company, detail, value)
            subtotal += value
        elif line.get("DetailType") == "DiscountLineDetail":
            subtotal -= value
    record["Line"] = [
        *lines,
        {"Amount": subtotal, "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}},
    ]
    return subtotal


def _check_sales_detail(company: Company, detail: Record, line_amount: Decimal) -> None:
    if detail.get("ItemRef"):
        company.ref("Item", detail["ItemRef"], "ItemRef")
    tax = detail.get("TaxCodeRef")
    if tax and not (isinstance(tax, dict) and tax.get("value") in US_TAX_CODES):
        company.ref("TaxCode", tax, "TaxCodeRef")
    expected = amount(detail.get("Qty") or 0, "Qty") * amount(
        detail.get("UnitPrice") or 0, "UnitPrice"
    )
    # python-quickbooks sends Qty 0 and UnitPrice 0 unless told: QBO accepts that
    rounded = expected.quantize(CENT, ROUND_HALF_UP)
    if expected and rounded != line_amount.quantize(CENT, ROUND_HALF_UP):
        raise Fault(
            "6070",
            "Business Validation Error: Unit Price * Quantity != Amount",
            f"Amount {line_amount} is not equal to UnitPrice * Qty = {expected}.",
        )


def _prepare_sale(company: Company, record: Record) -> Decimal:
    """What invoices, credit memos and refund receipts share: customer, lines, totals."""
    company.ref("Customer", record.get("CustomerRef"), "CustomerRef")
    subtotal = _sales_lines(company, record)
    tax = amount((record.get("TxnTaxDetail") or {}).get("TotalTax", 0), "TotalTax")
    record["TotalAmt"] = subtotal + tax
    record["TxnDate"] = record.get("TxnDate") or today()
    record["CurrencyRef"] = record.get("CurrencyRef") or {"value": company.currency}
    if not record.get("DocNumber"):
        company.last_doc_number += 1
        record["DocNumber"] = str(company.last_doc_number)
    return record["TotalAmt"]  # type: ignore[no-any-return]


def _prepare_invoice(company: Company, record: Record) -> None:
    total = _prepare_sale(company, record)
    paid = sum(
        (_linked_amount(p, "Invoice", record.get("Id")) for p in company.all("Payment")), Decimal(0)
    )
    record["Balance"] = total - paid


def _prepare_credit_memo(company: Company, record: Record) -> None:
    total = _prepare_sale(company, record)
    used = sum(
        (_linked_amount(p, "CreditMemo", record.get("Id")) for p in company.all("Payment")),
        Decimal(0),
    )
    record["Balance"] = total - used
    record["RemainingCredit"] = record["Balance"]


def _prepare_refund_receipt(company: Company, record: Record) -> None:
    company.ref("Account", record.get("DepositToAccountRef"), "DepositToAccountRef")
    _prepare_sale(company, record)
    record["Balance"] = 0


def _linked_amount(payment: Record, txn_type: str, txn_id: Any) -> Decimal:
    return sum(
        (
            amount(line.get("Amount", 0), "Amount")
            for line in payment.get("Line") or []
            for link in line.get("LinkedTxn") or []
            if link.get("TxnType") == txn_type and str(link.get("TxnId")) == str(txn_id)
        ),
        Decimal(0),
    )


def _prepare_payment(company: Company, record: Record) -> None:
    customer = company.ref("Customer", record.get("CustomerRef"), "CustomerRef")
    total = amount(record.get("TotalAmt"), "TotalAmt")
    applied = Decimal(0)
    for line in record.get("Line") or []:
        for link in line.get("LinkedTxn") or []:
            kind, share = link.get("TxnType"), amount(line.get("Amount", 0), "Line.Amount")
            target = company.ref(kind, {"value": link.get("TxnId")}, f"LinkedTxn.{kind}")
            if target["CustomerRef"]["value"] != customer["Id"] or share > target["Balance"]:
                raise Fault(
                    "6000",
                    "A business validation error has occurred while processing your request",
                    f"{kind} {target['Id']} has an open balance of "
                    f"{target['Balance']} for customer {target['CustomerRef']['value']}: "
                    f"{share} cannot be applied to it.",
                )
            applied += share if kind == "Invoice" else -share
    if applied > total:
        raise Fault(
            "6000",
            "A business validation error has occurred while processing your request",
            f"The amounts applied ({applied}) exceed TotalAmt {total}.",
        )
    record.update(TotalAmt=total, UnappliedAmt=total - applied)
    record["TxnDate"] = record.get("TxnDate") or today()
    _shift_balances(company, record, -1)


def _shift_balances(company: Company, payment: Record, sign: int) -> None:
    for line in payment.get("Line") or []:
        for link in line.get("LinkedTxn") or []:
            target = company.records[link["TxnType"]].get(str(link["TxnId"]))
            if target is not None:
                target["Balance"] = target["Balance"] + sign * amount(line["Amount"], "Amount")


PREPARE: dict[str, Callable[[Company, Record], None]] = {
    "Customer": _prepare_customer,
    "Item": _prepare_item,
    "Account": _prepare_account,
    "Invoice": _prepare_invoice,
    "CreditMemo": _prepare_credit_memo,
    "RefundReceipt": _prepare_refund_receipt,
    "Payment": _prepare_payment,
}
UNAPPLY: dict[str, Callable[[Company, Record], None]] = {
    "Payment": lambda company, payment: _shift_balances(company, payment, +1)
}
APPLY_AGAIN: dict[str, Callable[[Company, Record], None]] = {
    "Payment": lambda company, payment: _shift_balances(company, payment, -1)
}
