"""The kinds of contract and the terms they are billed by."""

from enum import StrEnum


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
