from decimal import Decimal
from enum import StrEnum

from billing_app.domain.accounting import Provider
from billing_app.domain.status import InvoiceStatus


class PaymentKind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"


class PaymentSource(StrEnum):
    """Where a payment was recorded: by a clerk, or synced back from accounting."""

    MANUAL = "manual"
    XERO = "xero"
    QUICKBOOKS = "quickbooks"

    @property
    def via(self) -> str:
        """ "via Xero" for money synced back from accounting (audit details, Invoice page)."""
        return "" if self is PaymentSource.MANUAL else f"via {Provider(self.value).label}"


def balance_due(total: Decimal, paid: Decimal, status: InvoiceStatus) -> Decimal:
    """What the customer owes: the whole total on a Draft, nothing once refunded."""
    if status is InvoiceStatus.REFUNDED:
        return Decimal(0)
    return total - paid
