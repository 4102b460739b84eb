"""E-mail delivery terms: how the connection to the mail server is secured, and what sending
does to an invoice's status."""

from __future__ import annotations

from enum import StrEnum

from billing_app.domain.errors import BillingError
from billing_app.domain.status import InvoiceStatus, Via, can_transition


class MailSecurity(StrEnum):
    STARTTLS = "starttls"  # plain connection upgraded to TLS, usually port 587
    TLS = "tls"  # TLS from the first byte ("SMTPS"), usually port 465
    NONE = "none"  # no encryption: only for a relay on the same network

    @property
    def label(self) -> str:
        return {"starttls": "STARTTLS", "tls": "TLS", "none": "None"}[self.value]

    @property
    def usual_port(self) -> int:
        return {"starttls": 587, "tls": 465, "none": 25}[self.value]


def status_after_sending(current: InvoiceStatus) -> InvoiceStatus:
    """Sending makes a Draft or an Exported invoice Sent (the transition table); a Sent or
    Paid one is sent again as it is. A refunded invoice is final and is not sent."""
    if current is InvoiceStatus.REFUNDED:
        raise BillingError(
            "refunded_not_sent",
            "A refunded invoice is final and is not sent again; create a new invoice instead.",
        )
    if can_transition(current, InvoiceStatus.SENT, Via.EMAIL):
        return InvoiceStatus.SENT
    return current
