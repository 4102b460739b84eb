"""QuickBooks Payments → the settlements of each invoice (pure).

A QuickBooks Payment can pay several invoices: each `Line` links (LinkedTxn) the transaction
it applies its Amount to. Lines linked to a CreditMemo are credit used up in the same Payment;
that credit goes to the invoice lines first, in line order, and the rest of each invoice
line is cash. External ids name the payment and the QuickBooks invoice, since one payment
can cover several: `<PaymentId>:<InvoiceId>` (cash) and `<PaymentId>:<InvoiceId>:credit`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from billing_app.domain.settlements import Settlement, SettlementKind

Payload = dict[str, Any]


def _links(payment: Payload, txn_type: str) -> list[tuple[str, Decimal]]:
    """(linked transaction id, amount) of the payment's lines linked to `txn_type`."""
    return [
        (str(link.get("TxnId")), Decimal(str(line.get("Amount") or 0)))
        for line in payment.get("Line") or []
        for link in line.get("LinkedTxn") or []
        if link.get("TxnType") == txn_type
    ]


def linked_payment_ids(invoice: Payload) -> list[str]:
    """The Payments a QuickBooks invoice lists in its LinkedTxn."""
    return [
        str(link["TxnId"])
        for link in invoice.get("LinkedTxn") or []
        if link.get("TxnType") == "Payment" and link.get("TxnId")
    ]


def qbo_settlements(payments: Iterable[Payload]) -> dict[str, list[Settlement]]:
    """QuickBooks invoice Id → the cash and credit that these payments applied to it."""
    found: dict[str, list[Settlement]] = defaultdict(list)
    for payment in payments:
        day = dt.date.fromisoformat(str(payment.get("TxnDate") or dt.date.min.isoformat())[:10])
        credit = sum((share for _, share in _links(payment, "CreditMemo")), Decimal(0))
        for invoice_id, share in _links(payment, "Invoice"):
            from_credit = min(credit, share)
            credit -= from_credit
            key = f"{payment['Id']}:{invoice_id}"
            if share - from_credit > 0:
                found[invoice_id].append(
                    Settlement(key, SettlementKind.PAYMENT, share - from_credit, day)
                )
            if from_credit > 0:
                found[invoice_id].append(
                    Settlement(f"{key}:credit", SettlementKind.CREDIT, from_credit, day)
                )
    return dict(found)
