from enum import StrEnum


class PaymentKind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"


class PaymentSource(StrEnum):
    """Where a payment was recorded: by a clerk, or synced back from accounting."""

    MANUAL = "manual"
    XERO = "xero"
    QUICKBOOKS = "quickbooks"
