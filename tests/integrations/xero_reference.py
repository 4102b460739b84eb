"""Reference data and value formats of the Xero test server's organisation."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Record = dict[str, Any]
CENT = Decimal("0.01")
EMPTY_ID = "00000000-0000-0000-0000-000000000000"

ACCOUNTS: list[Record] = [
    {
        "AccountID": str(uuid.uuid4()),
        "Code": "200",
        "Name": "Sales",
        "Type": "REVENUE",
        "TaxType": "OUTPUT2",
        "Status": "ACTIVE",
        "EnablePaymentsToAccount": False,
    },
    {
        "AccountID": str(uuid.uuid4()),
        "Code": "260",
        "Name": "Other Revenue",
        "Type": "REVENUE",
        "TaxType": "OUTPUT2",
        "Status": "ACTIVE",
        "EnablePaymentsToAccount": False,
    },
    {
        "AccountID": str(uuid.uuid4()),
        "Code": "090",
        "Name": "Business Bank Account",
        "Type": "BANK",
        "Status": "ACTIVE",
        "BankAccountNumber": "0123456789",
        "CurrencyCode": "EUR",
        "EnablePaymentsToAccount": False,
    },
]
TAX_RATES: list[Record] = [
    {
        "Name": "Standard 22%",
        "TaxType": "OUTPUT2",
        "Status": "ACTIVE",
        "EffectiveRate": 22.0,
        "DisplayTaxRate": 22.0,
        "CanApplyToRevenue": True,
    },
    {
        "Name": "Reduced 10%",
        "TaxType": "OUTPUT",
        "Status": "ACTIVE",
        "EffectiveRate": 10.0,
        "DisplayTaxRate": 10.0,
        "CanApplyToRevenue": True,
    },
    {
        "Name": "No VAT",
        "TaxType": "NONE",
        "Status": "ACTIVE",
        "EffectiveRate": 0.0,
        "DisplayTaxRate": 0.0,
        "CanApplyToRevenue": True,
    },
]
ITEMS: list[Record] = [
    {
        "ItemID": str(uuid.uuid4()),
        "Code": "SUPPORT-H",
        "Name": "Support hour",
        "IsSold": True,
        "SalesDetails": {"UnitPrice": 85.0, "AccountCode": "200"},
    },
    {
        "ItemID": str(uuid.uuid4()),
        "Code": "M365-BP",
        "Name": "Microsoft 365 Business Premium",
        "IsSold": True,
        "SalesDetails": {"UnitPrice": 20.6, "AccountCode": "260"},
    },
]


def money(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def ms_date(day: dt.date) -> str:
    """Xero's JSON date: /Date(milliseconds since epoch+0000)/."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return f"/Date({int(midnight.timestamp() * 1000)}+0000)/"


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    ms = re.fullmatch(r"/Date\((-?\d+)([+-]\d{4})?\)/", value)
    if ms:
        return dt.datetime.fromtimestamp(int(ms.group(1)) / 1000, tz=dt.UTC).date()
    return dt.date.fromisoformat(value[:10])


def now_ms() -> str:
    return f"/Date({int(dt.datetime.now(dt.UTC).timestamp() * 1000)}+0000)/"
