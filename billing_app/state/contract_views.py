"""What the Contracts page shows: list rows in the account's locale, and the dialog's
choices by their labels."""

from __future__ import annotations

from dataclasses import fields
from typing import TypedDict

from billing_app.domain.contract_form import ContractForm
from billing_app.domain.contract_terms import billing_rhythm, terms_in_words
from billing_app.domain.contracts import (
    ContractType,
    Frequency,
    ProjectBilling,
    RoundingMode,
    RoundingScope,
    Timing,
)
from billing_app.domain.formats import format_day
from billing_app.services.contract_listing import ContractRow

ALL_TYPES = "All types"
TYPE_LABELS = [kind.label for kind in ContractType]
# The dialog's selects: field → {label: the enum value the form sends}.
CHOICES: dict[str, dict[str, str]] = {
    "type": {kind.label: kind.value for kind in ContractType},
    "frequency": {f.value.capitalize(): f.value for f in Frequency},
    "timing": {"In advance": Timing.ADVANCE.value, "In arrears": Timing.ARREARS.value},
    "rounding_mode": {"Round up": RoundingMode.UP.value,
                      "Round to nearest": RoundingMode.NEAREST.value},
    "rounding_scope": {"Each time entry": RoundingScope.ENTRY.value,
                       "Each ticket's total": RoundingScope.TICKET.value},
    "project_billing": {"Fixed price": ProjectBilling.FIXED.value,
                        "Hourly": ProjectBilling.HOURLY.value},
}  # fmt: skip
CHOICE_LISTS = {field: list(labels) for field, labels in CHOICES.items()}
TEXT_FIELDS = [f.name for f in fields(ContractForm) if f.type == "str" and f.name not in CHOICES]


class ContractView(TypedDict):
    id: int
    name: str
    customer: str
    type: str
    rhythm: str
    terms: str
    dates: str
    active: bool


class UnitLineView(TypedDict):
    key: str  # the row's key in the dialog: its id, or "new-N" for a line not saved yet
    id: int  # 0 for a new line
    name: str
    unit_price: str
    quantity: str


def contract_view(row: ContractRow, locale: str) -> ContractView:
    start = format_day(row.start_date, locale)
    dates = f"{start} – {format_day(row.end_date, locale)}" if row.end_date else f"from {start}"
    return ContractView(
        id=row.id, name=row.name, customer=row.customer, type=row.terms.type.label,
        rhythm=billing_rhythm(row.terms.frequency, row.terms.timing),
        terms=terms_in_words(row.terms, row.currency, locale), dates=dates, active=row.active,
    )  # fmt: skip


def choice_labels(form: ContractForm) -> dict[str, str]:
    """The label each select shows for a form's values."""
    return {
        field: next((label for label, value in labels.items()
                     if value == getattr(form, field)), "")
        for field, labels in CHOICES.items()
    }  # fmt: skip


def choice_values(labels: dict[str, str]) -> dict[str, str]:
    return {field: CHOICES[field].get(labels.get(field, ""), "") for field in CHOICES}


def unit_line_views(form: ContractForm) -> list[UnitLineView]:
    return [
        UnitLineView(key=str(line.id), id=line.id or 0, name=line.name,
                     unit_price=line.unit_price, quantity=line.quantity)
        for line in form.unit_lines
    ]  # fmt: skip
