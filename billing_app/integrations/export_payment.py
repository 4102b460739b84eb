"""A payment recorded here by hand → Xero's `PUT /Payments` or a QuickBooks Payment. Pure.

The key of the write is deterministic (one per payment and provider), so a retry after a
timeout or a crash is answered with the payment already created. The payment sync knows a
QuickBooks payment by `<PaymentId>:<InvoiceId>` (one Payment can pay several invoices, see
qbo_settlements) and a Xero one by its PaymentID: `settlement_id` and `payment_id_of` go
between that and the provider's own id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from billing_app.domain.accounting import Provider
from billing_app.integrations.export_invoice import json_amount

Payload = dict[str, Any]


@dataclass(frozen=True)
class ExportPayment:
    id: int  # ours
    invoice_number: str
    invoice_external_id: str  # the Xero InvoiceID / QuickBooks invoice Id
    amount: Decimal
    received_on: dt.date
    reference: str = ""  # the clerk's reference, or the method
    customer_external_id: str | None = None  # the QuickBooks Customer Id


def _reference(payment: ExportPayment) -> str:
    return payment.reference or f"Payment of invoice {payment.invoice_number}"


def payment_to_xero(payment: ExportPayment, account_code: str) -> Payload:
    """`PUT /Payments`: money received into `account_code` against the invoice."""
    return {
        "Payments": [
            {
                "Invoice": {"InvoiceID": payment.invoice_external_id},
                "Account": {"Code": account_code},
                "Date": payment.received_on.isoformat(),
                "Amount": json_amount(payment.amount),
                "Reference": _reference(payment),
            }
        ]
    }


def payment_to_qbo(payment: ExportPayment, customer_id: str, deposit_account: str) -> Payload:
    """A Payment of the customer applied whole to the invoice; into `deposit_account` when one
    is mapped (else QuickBooks' Undeposited Funds)."""
    body: Payload = {
        "CustomerRef": {"value": customer_id},
        "TotalAmt": json_amount(payment.amount),
        "TxnDate": payment.received_on.isoformat(),
        "PrivateNote": _reference(payment),
        "Line": [
            {
                "Amount": json_amount(payment.amount),
                "LinkedTxn": [{"TxnId": payment.invoice_external_id, "TxnType": "Invoice"}],
            }
        ],
    }
    if deposit_account:
        body["DepositToAccountRef"] = {"value": deposit_account}
    return body


def settlement_id(provider: Provider, payment_id: str, invoice_external_id: str) -> str:
    """How the payment sync names the provider's payment `payment_id` of that invoice."""
    return payment_id if provider is Provider.XERO else f"{payment_id}:{invoice_external_id}"


def payment_id_of(provider: Provider, settlement: str) -> str:
    """The provider's own payment id in a settlement id of the payment sync."""
    return settlement if provider is Provider.XERO else settlement.split(":")[0]
