"""The one write that puts a payment recorded here into Xero or QuickBooks.

Xero: `PUT /Payments` with its Idempotency-Key, summarizeErrors=false so a refusal comes back
in Xero's words. QuickBooks: a one-item batch create of a Payment with its requestid. Both keys
are `payment_key(provider, payment id)`: a retry after a lost answer is answered with the
payment created the first time.
"""

from __future__ import annotations

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import payment_key
from billing_app.integrations.export_payment import (
    ExportPayment,
    payment_to_qbo,
    payment_to_xero,
)
from billing_app.services.accounting.qbo_client import QboCaller
from billing_app.services.accounting.qbo_customers import fault_message
from billing_app.services.accounting.xero_calls import XeroCalls, refusal


def push_to_xero(calls: XeroCalls, payment: ExportPayment, account_code: str) -> str:
    """The PaymentID; raises BillingError (a sentence) when Xero refused it."""
    if not account_code:
        raise BillingError(
            "missing_mapping",
            "Xero records a payment into a bank account: choose the Xero payment account in "
            "Admin > Accounting.",
        )
    answer = calls.call(
        "PUT Payments", "create_payments", payments=payment_to_xero(payment, account_code),
        summarize_errors=False, idempotency_key=payment_key(Provider.XERO, payment.id),
    )  # fmt: skip
    records = answer.get("Payments") or [{}]
    record = records[0] if isinstance(records[0], dict) else {}
    why = refusal(record, "PaymentID")
    if why is not None:
        raise BillingError("xero_refused", f"Xero refused the payment: {why}")
    return str(record["PaymentID"])


def push_to_quickbooks(caller: QboCaller, payment: ExportPayment, deposit_account: str) -> str:
    """The QuickBooks Payment Id; raises BillingError (a sentence) when QuickBooks refused it."""
    customer = payment.customer_external_id
    if not customer:
        raise BillingError(
            "customer_not_in_quickbooks",
            f"The customer of invoice {payment.invoice_number} has no QuickBooks id; export the "
            "invoice again to link it.",
        )
    key = payment_key(Provider.QUICKBOOKS, payment.id)
    body = payment_to_qbo(payment, customer, deposit_account)
    (answer,) = caller.batch([{"bId": key, "operation": "create", "Payment": body}], key) or [{}]
    if "Payment" not in answer:
        message = fault_message(answer.get("Fault") or {}) or "QuickBooks gave no answer."
        raise BillingError("quickbooks_refused", f"QuickBooks refused the payment: {message}")
    return str(answer["Payment"]["Id"])
