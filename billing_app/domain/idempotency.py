"""Deterministic idempotency keys: the same invoice version always gets the same key.

A UUID5 is 36 characters, the most QuickBooks accepts for a `requestid` and a batch `bId`,
and what Xero's `Idempotency-Key` header takes. A retry after a timeout or a crash sends the
same key, so the provider answers with what it already created instead of creating it again;
editing the invoice bumps its version and so its key.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from hashlib import sha256

NAMESPACE = uuid.UUID("5f1c3a52-7a0e-4d7e-9a51-2b8f4c1d9e60")  # this app's; never change it


def export_key(provider: str, invoice_id: int, version: int, operation: str = "invoice") -> str:
    """The key of one export of one invoice version (operation: "invoice", "credit_note"...)."""
    return str(uuid.uuid5(NAMESPACE, f"{provider}:{operation}:{invoice_id}:{version}"))


def refund_key(provider: str, refund_id: int, step: str) -> str:
    """The key of one write that pushes a refund (a REFUND payment) to a provider; each step
    ("credit_note", "allocation", "cash_refund"...) has its own."""
    return str(uuid.uuid5(NAMESPACE, f"{provider}:refund:{refund_id}:{step}"))


def payment_key(provider: str, payment_id: int) -> str:
    """Xero's Idempotency-Key / QuickBooks' requestid of the one write that pushes a payment
    recorded here."""
    return str(uuid.uuid5(NAMESPACE, f"{provider}:payment:{payment_id}"))


def batch_key(item_keys: Iterable[str], body: object = None) -> str:
    """The key of a request carrying several items: the same items give the same key in any
    order (QuickBooks' `requestid` of a batch). With the request's `body`, a changed body (a
    mapping fixed after a refusal, a renamed contact) is a new request: a provider keeps the
    answer of a key, refusals included, and refuses a key reused for another body."""
    digest = (
        ""
        if body is None
        else ":" + sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    )
    return str(uuid.uuid5(NAMESPACE, "batch:" + ",".join(sorted(item_keys)) + digest))
