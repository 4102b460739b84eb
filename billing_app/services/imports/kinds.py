"""What can be imported: for each kind its columns (the fields of its input, in order), the
check the dialogs use, and how a checked row is added."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from billing_app.services.actor import Actor
from billing_app.services.expenses import ExpenseInput, add_expense, check_expense
from billing_app.services.tickets import TicketInput, add_ticket, check_ticket
from billing_app.services.time_entries import TimeEntryInput, add_time_entry, check_time_entry


class ImportKind(StrEnum):
    TICKETS = "tickets"
    TIME_ENTRIES = "time_entries"
    EXPENSES = "expenses"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class Importer:
    input_type: type
    check: Callable[[Session, Any], tuple[dict[str, str], Any]]
    add: Callable[[Session, Actor, Any], object]
    sample: tuple[str, ...]  # one example row, in column order

    @property
    def columns(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self.input_type)]

    @property
    def required(self) -> list[str]:
        return [
            f.name for f in dataclasses.fields(self.input_type) if f.default is dataclasses.MISSING
        ]

    @property
    def optional(self) -> list[str]:
        return [name for name in self.columns if name not in self.required]


IMPORTERS = {
    ImportKind.TICKETS: Importer(
        TicketInput,
        check_ticket,
        add_ticket,
        (
            "Acme S.r.l.",
            "Printer offline on floor 2",
            "Hourly support",
            "Giulia Conti",
            "2026-10-06",
            "Open",
        ),
    ),
    ImportKind.TIME_ENTRIES: Importer(
        TimeEntryInput,
        check_time_entry,
        add_time_entry,
        (
            "Acme S.r.l.",
            "2026-10-06",
            "1:30",
            "12",
            "",
            "Giulia Conti",
            "14:30",
            "yes",
            "Remote support",
            "Reset the VPN profile",
        ),
    ),
    ImportKind.EXPENSES: Importer(
        ExpenseInput,
        check_expense,
        add_expense,
        ("Acme S.r.l.", "2026-10-06", "Replacement cable kit", "24.90", "12", "", "10", "yes"),
    ),
}
