"""Invoice statuses and the transition table of DESIGN.md."""

from __future__ import annotations

from enum import StrEnum

from billing_app.domain.errors import BillingError


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"  # numbered, neither sent nor exported yet (e.g. a failed export)
    SENT = "sent"
    EXPORTED = "exported"
    PAID = "paid"
    REFUNDED = "refunded"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Via(StrEnum):
    """How a change happened: recorded on every audit event."""

    MANUAL = "manual"
    EMAIL = "email"
    EXPORT = "export"
    PAYMENTS = "payments"
    SYNC = "sync"
    IMPORT = "import"
    SYSTEM = "system"


D, IS, S, E, P, R = (
    InvoiceStatus.DRAFT,
    InvoiceStatus.ISSUED,
    InvoiceStatus.SENT,
    InvoiceStatus.EXPORTED,
    InvoiceStatus.PAID,
    InvoiceStatus.REFUNDED,
)
M, EMAIL, EXP, PAY = Via.MANUAL, Via.EMAIL, Via.EXPORT, Via.PAYMENTS

ALLOWED: dict[tuple[InvoiceStatus, InvoiceStatus], frozenset[Via]] = {
    (D, IS): frozenset({EXP, EMAIL, M}),  # numbered by a send or export before it went out
    (IS, S): frozenset({EMAIL, M}),
    (IS, E): frozenset({EXP, M}),
    (IS, P): frozenset({PAY, Via.SYNC}),
    (D, S): frozenset({EMAIL, M}),
    (D, E): frozenset({EXP, M}),
    (D, P): frozenset({M}),
    (S, E): frozenset({EXP, M}),
    (S, P): frozenset({M, PAY, Via.SYNC}),
    (E, S): frozenset({EMAIL, M}),
    (E, P): frozenset({M, PAY, Via.SYNC}),
    (P, S): frozenset({M}),
    (P, E): frozenset({M}),
    (P, R): frozenset({PAY, Via.SYNC}),
}


def refusal_reason(current: InvoiceStatus, target: InvoiceStatus) -> str:
    if current == R:
        return "A refunded invoice is final; create a new invoice if the work must be billed again."
    if target == D:
        return "An issued invoice never goes back to Draft; correct it with a credit note instead."
    return "Only a paid invoice can be refunded; record the payment first."


def can_transition(current: InvoiceStatus, target: InvoiceStatus, via: Via) -> bool:
    return via in ALLOWED.get((current, target), frozenset())


def check_transition(current: InvoiceStatus, target: InvoiceStatus, via: Via) -> None:
    """Raise a readable error when `current → target` is not allowed for `via`."""
    if current == target:
        raise BillingError("same_status", f"The invoice is already {current.label}.")
    allowed = ALLOWED.get((current, target))
    if allowed is None:
        raise BillingError(
            "transition_refused",
            f"An invoice cannot go from {current.label} to {target.label}. "
            + refusal_reason(current, target),
        )
    if via not in allowed:
        ways = ", ".join(sorted(v.value for v in allowed))
        raise BillingError(
            "transition_refused",
            f"{current.label} → {target.label} happens only by {ways}, not by {via.value}.",
        )


def allowed_targets(current: InvoiceStatus, via: Via = Via.MANUAL) -> list[InvoiceStatus]:
    return [target for (src, target), ways in ALLOWED.items() if src == current and via in ways]


def leaves_draft(current: InvoiceStatus, target: InvoiceStatus) -> bool:
    """Leaving Draft assigns the number and freezes the invoice."""
    return current == D and target != D
