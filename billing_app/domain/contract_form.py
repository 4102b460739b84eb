"""A contract as typed in its dialog: read into exact terms, or a sentence per wrong field.

Amounts are read in the account's locale ("1.200,50" for it_IT) or plain ("1200.50");
only the terms of the chosen type are read, the others are left empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from billing_app.domain.contracts import (
    REQUIRED_TERMS,
    ContractType,
    Frequency,
    ProjectBilling,
    RoundingMode,
    RoundingScope,
    Timing,
    check_terms,
)
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.form_values import FieldReader
from billing_app.domain.money import ZERO

NAME_LENGTH = 200
UNIT_NAME_LENGTH = 100
TYPE_TERMS: dict[ContractType, tuple[str, ...]] = {
    ContractType.RETAINER: ("fee",),
    ContractType.HOURLY: (),
    ContractType.BLOCK_HOURS: ("block_hours", "block_price", "overage_rate", "rollover_cap_hours"),
    ContractType.BLOCK_MONEY: ("block_amount",),
    ContractType.PER_UNIT: (),
    ContractType.PROJECT: ("fee",),
}
AMOUNTS = ("hourly_rate", "fee", "block_price", "overage_rate", "block_amount")


@dataclass(frozen=True)
class UnitLineText:
    id: int | None = None
    name: str = ""
    unit_price: str = ""
    quantity: str = ""


@dataclass(frozen=True)
class ContractForm:
    """The dialog's fields as text; the choices hold the enum values."""

    customer_id: int | None = None
    name: str = ""
    type: str = ""
    start_date: str = ""
    end_date: str = ""
    frequency: str = Frequency.MONTHLY.value
    timing: str = Timing.ADVANCE.value
    taxable: bool = True
    tax_rate: str = ""  # a tax select's value: plain, "22" or "5.5"
    hourly_rate: str = ""
    rounding_increment_minutes: str = ""
    rounding_mode: str = RoundingMode.UP.value
    minimum_minutes: str = ""
    rounding_scope: str = RoundingScope.ENTRY.value
    fee: str = ""
    block_hours: str = ""
    block_price: str = ""
    overage_rate: str = ""
    rollover: bool = False
    rollover_cap_hours: str = ""
    block_amount: str = ""
    project_billing: str = ProjectBilling.FIXED.value
    unit_lines: tuple[UnitLineText, ...] = ()


@dataclass(frozen=True)
class UnitLineTerms:
    id: int | None
    name: str
    unit_price: Decimal
    quantity: Decimal


@dataclass(frozen=True)
class ContractTerms:
    """Exact terms, the same names as the Contract model's columns (and None where unused)."""

    name: str
    type: ContractType
    start_date: dt.date
    end_date: dt.date | None
    frequency: Frequency
    timing: Timing
    taxable: bool
    tax_rate: Decimal
    hourly_rate: Decimal | None
    rounding_increment_minutes: int
    rounding_mode: RoundingMode
    minimum_minutes: int
    rounding_scope: RoundingScope
    fee: Decimal | None
    block_hours: Decimal | None
    block_price: Decimal | None
    overage_rate: Decimal | None
    rollover: bool
    rollover_cap_hours: Decimal | None
    block_amount: Decimal | None
    project_billing: ProjectBilling | None


def _required(kind: ContractType, billing: ProjectBilling | None) -> list[str]:
    if kind is ContractType.PROJECT:
        return ["fee" if billing is ProjectBilling.FIXED else "hourly_rate"]
    return [field for field, _ in REQUIRED_TERMS[kind]]


def _check_terms(kind: ContractType, terms: dict[str, object], errors: dict[str, str]) -> None:
    """check_terms' sentence goes next to the first missing term; a term typed wrong already
    has its own sentence, so it does not count as missing."""
    present = terms | dict.fromkeys(errors, "typed")
    try:
        check_terms(kind, present)
    except BillingError as error:
        billing = terms.get("project_billing")
        wanted = _required(kind, billing if isinstance(billing, ProjectBilling) else None)
        errors[next(f for f in wanted if present.get(f) is None)] = error.message


def _type_terms(form: ContractForm, kind: ContractType, reader: FieldReader) -> dict[str, Decimal]:
    """The chosen type's own terms (amounts and hours) that were filled in."""
    fields = list(TYPE_TERMS[kind])
    if kind is ContractType.PROJECT and form.project_billing != ProjectBilling.FIXED:
        fields.remove("fee")
    if kind is ContractType.BLOCK_HOURS and not form.rollover:
        fields.remove("rollover_cap_hours")
    terms: dict[str, Decimal | None] = {
        field: reader.amount(field, getattr(form, field))
        if field in AMOUNTS
        else reader.number(field, getattr(form, field), "hours")
        for field in fields
    }
    if terms.get("block_hours") == ZERO:
        reader.errors["block_hours"] = "A block holds more than 0 hours."
    return {field: value for field, value in terms.items() if value is not None}


def _unit_lines(form: ContractForm, reader: FieldReader) -> tuple[UnitLineTerms, ...]:
    if not form.unit_lines:
        reader.errors["unit_lines"] = (
            "Add at least one unit line (e.g. Servers) with its price and quantity."
        )
    lines = []
    for index, line in enumerate(form.unit_lines):
        prefix = f"unit_{index}_"
        name = line.name.strip()
        if not name or len(name) > UNIT_NAME_LENGTH:
            reader.errors[prefix + "name"] = (
                f"Name the unit (e.g. Servers) in at most {UNIT_NAME_LENGTH} characters."
            )
        price = reader.amount(prefix + "unit_price", line.unit_price)
        quantity = reader.number(prefix + "quantity", line.quantity, "quantity")
        if price is None:
            reader.errors.setdefault(prefix + "unit_price", "Enter the price of one unit.")
        if quantity is None:
            reader.errors.setdefault(prefix + "quantity", "Enter how many units there are now.")
        lines.append(UnitLineTerms(line.id, name, price or ZERO, quantity or ZERO))
    return tuple(lines)


def _dates(form: ContractForm, reader: FieldReader) -> tuple[dt.date | None, dt.date | None]:
    start = reader.day("start_date", form.start_date, "start date")
    end = reader.day("end_date", form.end_date, "end date")
    if start is None:
        reader.errors.setdefault("start_date", "Pick the date the contract starts.")
    elif end is not None and end < start:
        reader.errors["end_date"] = (
            "The end date is before the start date; pick a later end or leave it empty."
        )
    return start, end


def _name(form: ContractForm, errors: dict[str, str]) -> str:
    name = form.name.strip()
    if not name or len(name) > NAME_LENGTH:
        errors["name"] = (
            f"Name the contract (e.g. Managed services 2026) in at most {NAME_LENGTH} characters."
        )
    if form.customer_id is None:
        errors["customer_id"] = "Choose the customer this contract bills."
    return name


def read_contract(
    form: ContractForm, currency: str, locale: str
) -> tuple[ContractTerms, tuple[UnitLineTerms, ...]]:
    """The exact terms and unit lines, or FieldErrors with a sentence for every wrong field."""
    reader = FieldReader(currency, locale)
    errors = reader.errors
    name = _name(form, errors)
    kind = reader.choice("type", ContractType, form.type, "type of contract")
    start, end = _dates(form, reader)
    frequency = reader.choice("frequency", Frequency, form.frequency, "billing frequency")
    timing = reader.choice("timing", Timing, form.timing, "billing timing")
    mode = reader.choice("rounding_mode", RoundingMode, form.rounding_mode, "rounding")
    scope = reader.choice("rounding_scope", RoundingScope, form.rounding_scope, "rounding scope")
    billing = reader.choice("project_billing", ProjectBilling, form.project_billing, "billing")
    tax_rate = reader.rate("tax_rate", form.tax_rate) or ZERO
    hourly_rate = reader.amount("hourly_rate", form.hourly_rate)
    increment = reader.minutes(
        "rounding_increment_minutes", form.rounding_increment_minutes, "rounding increment"
    )
    minimum = reader.minutes("minimum_minutes", form.minimum_minutes, "minimum time")
    if kind is None:
        raise FieldErrors("invalid_contract", errors)
    terms = _type_terms(form, kind, reader)
    project_billing = billing if kind is ContractType.PROJECT else None
    _check_terms(
        kind, {**terms, "hourly_rate": hourly_rate, "project_billing": project_billing}, errors
    )
    lines = _unit_lines(form, reader) if kind is ContractType.PER_UNIT else ()
    if errors or not (start and frequency and timing and mode and scope):
        raise FieldErrors("invalid_contract", errors)
    return ContractTerms(
        name=name,
        type=kind,
        start_date=start,
        end_date=end,
        frequency=frequency,
        timing=timing,
        taxable=form.taxable,
        tax_rate=tax_rate,
        hourly_rate=hourly_rate,
        rounding_increment_minutes=increment,
        rounding_mode=mode,
        minimum_minutes=minimum,
        rounding_scope=scope,
        fee=terms.get("fee"),
        block_hours=terms.get("block_hours"),
        block_price=terms.get("block_price"),
        overage_rate=terms.get("overage_rate"),
        rollover=form.rollover and kind is ContractType.BLOCK_HOURS,
        rollover_cap_hours=terms.get("rollover_cap_hours"),
        block_amount=terms.get("block_amount"),
        project_billing=project_billing,
    ), lines
