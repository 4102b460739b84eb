"""Payments and credits read back from the accounting system: what to record for one invoice.

Remote payments are matched first with payments recorded here by hand and not yet linked (the
same amount, the nearest date): the clerk's payment takes the remote id and nothing is counted
twice. The rest are recorded in date order while they fit the balance due here; one that does
not fit is a conflict, left for a person.
Credits only matter when they cover the whole total of an invoice that is Paid here: it becomes
Refunded. Any other credit is reported and changes nothing, because the status table has no
transition for it (a partial credit, or a credit on an invoice not Paid here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from billing_app.domain.accounting import Provider
from billing_app.domain.money import quantize
from billing_app.domain.status import InvoiceStatus

SYNCED_STATUSES = (InvoiceStatus.SENT, InvoiceStatus.EXPORTED, InvoiceStatus.PAID)


class SettlementKind(StrEnum):
    PAYMENT = "payment"
    CREDIT = "credit"


@dataclass(frozen=True)
class Settlement:
    """Money the provider applied to one invoice: a payment, or a credit (note/memo)."""

    external_id: str  # unique per provider and invoice share (≤ 64 characters)
    kind: SettlementKind
    amount: Decimal
    on: dt.date


@dataclass(frozen=True)
class InvoiceMoney:
    """What the app holds for the invoice."""

    label: str  # its number, for the sentences
    status: InvoiceStatus
    total: Decimal
    amount_paid: Decimal
    currency: str


@dataclass(frozen=True)
class HandPayment:
    """A payment recorded here by hand that no remote payment is linked to yet."""

    payment_id: int
    amount: Decimal
    on: dt.date


@dataclass(frozen=True)
class SettlementPlan:
    payments: tuple[Settlement, ...] = ()  # to record, in this order
    matches: tuple[tuple[int, Settlement], ...] = ()  # (hand payment id, the remote one)
    refund: Settlement | None = None  # the credit that completed a full credit: refund
    conflicts: tuple[str, ...] = ()  # remote payments not recorded, each in a sentence
    notes: tuple[str, ...] = ()  # credits that change nothing here, each in a sentence


@dataclass
class _Draft:
    payments: list[Settlement] = field(default_factory=list)
    matches: list[tuple[int, Settlement]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _money(amount: Decimal, currency: str) -> str:
    return f"{quantize(amount, currency)} {currency}"


def _match(payment: Settlement, by_hand: list[HandPayment]) -> HandPayment | None:
    """The unlinked hand payment of the same amount nearest in date, taken off the list."""
    same = [hand for hand in by_hand if hand.amount == payment.amount]
    if not same:
        return None
    nearest = min(same, key=lambda hand: (abs((hand.on - payment.on).days), hand.payment_id))
    by_hand.remove(nearest)
    return nearest


def plan_settlements(
    invoice: InvoiceMoney,
    settlements: Iterable[Settlement],
    recorded: Collection[str],
    provider: Provider,
    by_hand: Iterable[HandPayment] = (),
) -> SettlementPlan:
    """What to record for `invoice`, given what `provider` applied to it, the external ids
    already recorded here (those are skipped: a rerun records nothing twice) and the payments
    recorded here by hand that no remote payment is linked to yet."""
    if invoice.status not in SYNCED_STATUSES:
        return SettlementPlan()
    currency, name = invoice.currency, provider.label
    ordered = sorted(
        {s.external_id: s for s in settlements}.values(), key=lambda s: (s.on, s.external_id)
    )
    draft, unlinked = _Draft(), sorted(by_hand, key=lambda hand: hand.payment_id)
    paid = invoice.amount_paid
    for payment in (s for s in ordered if s.kind is SettlementKind.PAYMENT):
        amount = quantize(payment.amount, currency)
        if payment.external_id in recorded or amount <= 0:
            continue
        hand = _match(replace(payment, amount=amount), unlinked)
        if hand is not None:
            draft.matches.append((hand.payment_id, replace(payment, amount=amount)))
            continue
        if amount > invoice.total - paid:
            draft.conflicts.append(
                f"Invoice {invoice.label}: the {name} payment of {_money(amount, currency)} on "
                f"{payment.on.isoformat()} is more than the balance due here "
                f"({_money(invoice.total - paid, currency)}), so it was not recorded; if it was "
                "recorded by hand already there is nothing to do, otherwise correct the payments."
            )
            continue
        draft.payments.append(replace(payment, amount=amount))
        paid += amount
    status = InvoiceStatus.PAID if paid == invoice.total else invoice.status
    refund = _full_credit(invoice, status, ordered, draft, name)
    return SettlementPlan(tuple(draft.payments), tuple(draft.matches), refund,
                          tuple(draft.conflicts), tuple(draft.notes))  # fmt: skip


def _full_credit(
    invoice: InvoiceMoney,
    status: InvoiceStatus,
    ordered: list[Settlement],
    draft: _Draft,
    name: str,
) -> Settlement | None:
    """The credit that brings the credits to the whole total, when the invoice is Paid here."""
    credited = Decimal(0)
    completing: Settlement | None = None
    for credit in (s for s in ordered if s.kind is SettlementKind.CREDIT):
        credited += quantize(credit.amount, invoice.currency)
        if completing is None and credited >= invoice.total:
            completing = credit
    if credited <= 0:
        return None
    amount = _money(credited, invoice.currency)
    if completing is None:
        draft.notes.append(
            f"Invoice {invoice.label}: {name} credited {amount} of "
            f"{_money(invoice.total, invoice.currency)}; a partial credit changes nothing "
            "here, so record a payment or a refund by hand if one is due."
        )
        return None
    if status is not InvoiceStatus.PAID:
        draft.notes.append(
            f"Invoice {invoice.label}: {name} credited it in full ({amount}) but it is "
            f"{status.label} here, and only a Paid invoice can be refunded; record the "
            "payment first, then sync again."
        )
        return None
    return completing
