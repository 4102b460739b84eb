"""QBO records as a test server keeps them (JSON dicts), and the fault QuickBooks answers with."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

Record = dict[str, Any]

ENTITIES = (
    "Account",
    "Customer",
    "Item",
    "TaxCode",
    "TaxRate",
    "Invoice",
    "Payment",
    "CreditMemo",
    "RefundReceipt",
)
TRANSACTIONS = {"Invoice", "Payment", "CreditMemo", "RefundReceipt"}
READ_ONLY = {"TaxCode", "TaxRate"}
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
