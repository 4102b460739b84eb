"""Xero's answer to `GET /Invoices?IDs=…` → the settlements of each invoice (pure).

An invoice lists its payments (`Payments[]`: PaymentID, Date, Amount) and the credit notes
allocated to it (`CreditNotes[]`: CreditNoteID, Date, AppliedAmount). Xero amounts are JSON
floats: read as Decimal(str(x)). One credit note can be allocated to several invoices, so a
credit's external id names the invoice too: `<CreditNoteID>:<our invoice id>`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from billing_app.domain.settlements import Settlement, SettlementKind

Payload = dict[str, Any]
MS_DATE = re.compile(r"/Date\((-?\d+)([+-]\d{4})?\)/")


def xero_date(value: object, fallback: dt.date) -> dt.date:
    """Xero's `/Date(ms+0000)/` or an ISO date; `fallback` when absent or unreadable."""
    text = str(value or "")
    found = MS_DATE.fullmatch(text)
    if found:
        return dt.datetime.fromtimestamp(int(found.group(1)) / 1000, tz=dt.UTC).date()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return fallback


def _amount(value: object) -> Decimal:
    return Decimal(str(value or 0))


def xero_settlements(record: Payload, invoice_id: int) -> list[Settlement]:
    """The payments and credits Xero applied to one invoice record (ours: `invoice_id`)."""
    issued = xero_date(record.get("Date"), dt.date.min)
    found = []
    for payment in record.get("Payments") or []:
        if payment.get("PaymentID"):
            day = xero_date(payment.get("Date"), issued)
            amount = _amount(payment.get("Amount"))
            found.append(Settlement(str(payment["PaymentID"]), SettlementKind.PAYMENT, amount, day))
    for credit in record.get("CreditNotes") or []:
        if credit.get("CreditNoteID"):
            day = xero_date(credit.get("Date"), issued)
            amount = _amount(credit.get("AppliedAmount"))
            external_id = f"{credit['CreditNoteID']}:{invoice_id}"
            found.append(Settlement(external_id, SettlementKind.CREDIT, amount, day))
    return found
