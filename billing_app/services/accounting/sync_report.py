"""What one payment sync of one provider found: counts, and a sentence per invoice to check."""

from __future__ import annotations

from dataclasses import dataclass, field

from billing_app.domain.accounting import Provider


@dataclass(frozen=True)
class SyncNote:
    invoice_id: int
    number: str
    sentence: str
    conflict: bool  # a remote payment not recorded; else a credit that changed nothing


@dataclass
class SyncReport:
    provider: Provider
    recorded: int = 0  # payments recorded
    matched: int = 0  # remote payments found already recorded here by hand, now linked
    paid: int = 0  # invoices now Paid
    refunded: int = 0  # invoices now Refunded
    notes: list[SyncNote] = field(default_factory=list)
    failed: str = ""  # why the sync stopped (what was committed before stays)
    skipped: bool = False  # another worker synced within the interval
    credit_notes: int = 0  # refunds recorded here, now credit notes there
    payments_pushed: int = 0  # payments recorded here by hand, now recorded there too

    @property
    def conflicts(self) -> int:
        return sum(note.conflict for note in self.notes)

    @property
    def summary(self) -> str:
        """One line: "2 payments recorded, 1 invoice now Paid, 0 now Refunded, 1 conflict"."""
        if self.skipped:
            return f"{self.provider.label}: synced moments ago by another worker."
        counts = [
            _count(self.recorded, "payment") + " recorded",
            _count(self.paid, "invoice") + " now Paid",
            f"{self.refunded} now Refunded",
        ]
        if self.matched:
            counts.append(_count(self.matched, "payment") + " recorded by hand matched")
        if self.conflicts:
            counts.append(_count(self.conflicts, "conflict"))
        if len(self.notes) > self.conflicts:
            counts.append(_count(len(self.notes) - self.conflicts, "credit") + " to check")
        if self.payments_pushed:
            counts.append(_count(self.payments_pushed, "payment") + " recorded by hand sent")
        if self.credit_notes:
            counts.append(_count(self.credit_notes, "credit note") + " created")
        line = ", ".join(counts)
        if self.failed and not (self.recorded or self.matched or self.notes):
            return f"Not synced: {self.failed}"
        return f"{line}; stopped: {self.failed}" if self.failed else line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
