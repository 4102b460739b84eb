"""The kinds of contract and the terms they are billed by."""

from __future__ import annotations

from enum import StrEnum

from billing_app.domain.errors import BillingError


class ContractType(StrEnum):
    RETAINER = "retainer"
    HOURLY = "hourly"
    BLOCK_HOURS = "block_hours"
    BLOCK_MONEY = "block_money"
    PER_UNIT = "per_unit"
    PROJECT = "project"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    ContractType.RETAINER: "Retainer",
    ContractType.HOURLY: "Hourly",
    ContractType.BLOCK_HOURS: "Block hours",
    ContractType.BLOCK_MONEY: "Block money",
    ContractType.PER_UNIT: "Per unit / remote monitoring",
    ContractType.PROJECT: "Project",
}


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class Timing(StrEnum):
    """Whether a period's fee is billed at its start or after it ends."""

    ADVANCE = "advance"
    ARREARS = "arrears"


class RoundingMode(StrEnum):
    UP = "up"
    NEAREST = "nearest"


class RoundingScope(StrEnum):
    """Round each time entry, or the sum of a ticket's entries."""

    ENTRY = "entry"
    TICKET = "ticket"


class ProjectBilling(StrEnum):
    FIXED = "fixed"
    HOURLY = "hourly"


REQUIRED_TERMS: dict[ContractType, tuple[tuple[str, str], ...]] = {
    ContractType.RETAINER: (("fee", "a fee per period"),),
    ContractType.HOURLY: (("hourly_rate", "an hourly rate"),),
    ContractType.BLOCK_HOURS: (
        ("block_hours", "the hours in a block"),
        ("block_price", "the price of a block"),
        ("overage_rate", "an hourly rate for hours beyond the block"),
    ),
    ContractType.BLOCK_MONEY: (
        ("block_amount", "the prepaid amount"),
        ("hourly_rate", "an hourly rate to draw it down"),
    ),
    ContractType.PER_UNIT: (),
    ContractType.PROJECT: (),
}


def check_terms(kind: ContractType, terms: dict[str, object]) -> None:
    """The sentence the database's CHECK constraints cannot give: what a contract lacks."""
    required = REQUIRED_TERMS[kind]
    if kind is ContractType.PROJECT:
        fixed = terms.get("project_billing") == ProjectBilling.FIXED
        required = (("fee", "a fixed price"),) if fixed else (("hourly_rate", "an hourly rate"),)
    missing = [label for field, label in required if terms.get(field) is None]
    if missing:
        raise BillingError(
            "missing_terms",
            f"{kind.label} contracts need {' and '.join(missing)}; fill "
            f"{'it' if len(missing) == 1 else 'them'} in before saving.",
        )
