"""A refund in QuickBooks Online: a credit memo applied to the invoice, or a refund receipt.

The invoice still open in QuickBooks (payments were recorded only here): a CreditMemo with
its lines, then a zero-total Payment that links the Invoice and the CreditMemo (applies the
credit). The invoice paid in QuickBooks: a RefundReceipt with its lines, paid out of the
mapped bank account. Which one is decided once (`choose_document`) and stored before any
write, so a rerun after a crash sends the same writes with the same requestids, which
QuickBooks answers from its store.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from billing_app.domain.accounting import CreditDocument, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.idempotency import refund_key
from billing_app.integrations.export_invoice import ExportCreditNote, ExportMappings
from billing_app.integrations.qbo_payload import (
    credit_application_to_qbo,
    credit_memo_to_qbo,
    refund_receipt_to_qbo,
)
from billing_app.services.accounting.qbo_client import Payload, QboCaller
from billing_app.services.accounting.qbo_customers import (
    fault_message,
    resolve_tax_rates,
    select_in,
)


def choose_document(caller: QboCaller, credit: ExportCreditNote) -> CreditDocument:
    invoice_id = str(credit.invoice.external_id)
    found = select_in(caller, "Invoice", "Id", [invoice_id])
    if not found:
        raise BillingError(
            "invoice_not_in_quickbooks",
            f"Invoice {credit.invoice.number} is no longer in QuickBooks (Id {invoice_id}); "
            "record its refund there by hand.",
        )
    balance = Decimal(str(found[0].get("Balance") or 0))
    if balance >= credit.total:
        return CreditDocument.QBO_CREDIT_MEMO
    if balance == 0:
        return CreditDocument.QBO_REFUND_RECEIPT
    raise BillingError(
        "partly_paid_in_quickbooks",
        f"Invoice {credit.invoice.number} is partly paid in QuickBooks ({balance} still open); "
        "record its refund there by hand.",
    )


def _create(caller: QboCaller, entity: str, payload: Payload, key: str) -> str:
    """One create with its requestid (a one-item batch); the new record's Id."""
    (answer,) = caller.batch([{"bId": key, "operation": "create", entity: payload}], key) or [{}]
    if entity not in answer:
        message = fault_message(answer.get("Fault") or {}) or "QuickBooks gave no answer."
        raise BillingError("quickbooks_refused", f"QuickBooks refused the {entity}: {message}")
    return str(answer[entity]["Id"])


def push_credit(
    caller: QboCaller,
    credit: ExportCreditNote,
    document: CreditDocument,
    refund_id: int,
    mappings: ExportMappings,
    payment_account: str,
) -> str:
    """The Id of the CreditMemo or RefundReceipt; raises BillingError when refused."""
    key = partial(refund_key, Provider.QUICKBOOKS, refund_id)
    if document is CreditDocument.QBO_REFUND_RECEIPT:
        if not payment_account:
            raise BillingError(
                "missing_mapping",
                f"Invoice {credit.invoice.number} is paid in QuickBooks, so its refund is paid "
                "out of a bank account: choose the QuickBooks payment account in "
                "Admin > Accounting.",
            )
        receipt = refund_receipt_to_qbo(credit, mappings, payment_account,
                                        resolve_tax_rates(caller, mappings))  # fmt: skip
        return _create(caller, "RefundReceipt", receipt, key("refund_receipt"))
    memo = credit_memo_to_qbo(credit, mappings, resolve_tax_rates(caller, mappings))
    memo_id = _create(caller, "CreditMemo", memo, key("credit_memo"))
    customer = str(credit.invoice.customer.external_id)
    application = credit_application_to_qbo(customer, str(credit.invoice.external_id), memo_id,
                                            credit.total, credit.issue_date)  # fmt: skip
    _create(caller, "Payment", application, key("credit_application"))
    return memo_id
