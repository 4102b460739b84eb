import datetime as dt
from enum import StrEnum


class Provider(StrEnum):
    XERO = "xero"
    QUICKBOOKS = "quickbooks"

    @property
    def label(self) -> str:
        return "Xero" if self is Provider.XERO else "QuickBooks Online"

    @property
    def refresh_token_lifetime(self) -> dt.timedelta:
        """How long an unused refresh token lives (Xero: 60 days, Intuit: 100 days)."""
        return dt.timedelta(days=60 if self is Provider.XERO else 100)


class ConnectionStatus(StrEnum):
    CONNECTED = "connected"
    EXPIRED = "expired"  # the refresh token ran out: Reconnect
    DISCONNECTED = "disconnected"
    REVOKED = "revoked"  # access was withdrawn at the provider: Reconnect


class ExportedDocument(StrEnum):
    """What an export attempt pushed: the invoice itself, the credit note of its refund, or a
    payment recorded here by hand."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"

    @property
    def label(self) -> str:
        return {"invoice": "Invoice", "credit_note": "Credit note", "payment": "Payment"}[self]


class CreditDocument(StrEnum):
    """How a refund lives in a provider: a Xero credit note (allocated or refunded in cash),
    a QuickBooks credit memo applied to the invoice, or a QuickBooks refund receipt."""

    XERO_CREDIT_NOTE = "xero_credit_note"
    QBO_CREDIT_MEMO = "qbo_credit_memo"
    QBO_REFUND_RECEIPT = "qbo_refund_receipt"


class ExportResult(StrEnum):
    SUCCESS = "success"
    FAILED = "failed"


def lapsed_status(
    provider: Provider, last_expiry: dt.datetime | None, now: dt.datetime
) -> ConnectionStatus:
    """Why a refresh token was refused: unused for longer than it lives → Expired, else the
    access was withdrawn at the provider → Revoked (both answer `invalid_grant`)."""
    if last_expiry is not None and now - last_expiry > provider.refresh_token_lifetime:
        return ConnectionStatus.EXPIRED
    return ConnectionStatus.REVOKED
