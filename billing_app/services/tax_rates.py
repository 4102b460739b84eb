"""Named tax rates: everyone who sees billing picks from them, only admins change them.

Lines, products and contracts store the rate's value, never a reference to it: renaming,
changing or archiving a named rate leaves every invoice, product and contract as it was.
A rate is archived rather than deleted, so its name stays taken and it can come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, func, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.form_values import read_rate
from billing_app.domain.roles import Permission
from billing_app.domain.tax_rates import (
    NAME_LENGTH,
    NOTE_LENGTH,
    RateChoice,
    named_choice,
    rate_key,
)
from billing_app.models import TaxRate
from billing_app.services.account import account_locale
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require


@dataclass(frozen=True)
class TaxRateRow:
    id: int
    name: str
    rate: Decimal
    note: str
    is_default: bool
    archived: bool


@dataclass(frozen=True)
class TaxRateInput:
    name: str
    rate: str  # as typed: in the account's locale ("5,5") or plain ("5.5")
    note: str = ""


@dataclass(frozen=True)
class TaxRateOptions:
    """What a form's tax select offers: the rates not archived, in order, and the default."""

    choices: list[RateChoice]
    default: str  # the default rate's value; "0" when there is no rate at all
    locale: str


def _ordered(session: Session) -> list[TaxRate]:
    return list(session.exec(select(TaxRate).order_by(col(TaxRate.position), col(TaxRate.id))))


def _row(rate: TaxRate) -> TaxRateRow:
    assert rate.id is not None
    return TaxRateRow(rate.id, rate.name, rate.rate, rate.note, rate.is_default, rate.archived)


def list_tax_rates(
    session: Session, actor: Actor, *, include_archived: bool = False
) -> list[TaxRateRow]:
    require(session, actor, Permission.VIEW_BILLING, "see the tax rates")
    return [_row(r) for r in _ordered(session) if include_archived or not r.archived]


def tax_rate_options(session: Session, actor: Actor) -> TaxRateOptions:
    rows = list_tax_rates(session, actor)
    locale = account_locale(session)
    default = next((row.rate for row in rows if row.is_default), Decimal(0))
    return TaxRateOptions([named_choice(row.name, row.rate, locale) for row in rows],
                          rate_key(default), locale)  # fmt: skip


def _load(session: Session, rate_id: int) -> TaxRate:
    rate = session.get(TaxRate, rate_id)
    if rate is None:
        raise BillingError("tax_rate_not_found", "That tax rate no longer exists; reload the page.")
    return rate


def _name_error(session: Session, name: str, rate_id: int | None) -> str:
    if not name:
        return "Enter the name people pick the rate by, e.g. VAT 20% or Exempt."
    if len(name) > NAME_LENGTH:
        return f"Keep the name to {NAME_LENGTH} characters."
    taken = session.exec(
        select(TaxRate).where(func.lower(TaxRate.name) == name.lower(), col(TaxRate.id) != rate_id)
    ).first()
    if taken is None:
        return ""
    archived = " (archived: restore it instead)" if taken.archived else ""
    return f"A rate named '{taken.name}' already exists{archived}; choose another name."


def check_tax_rate(
    session: Session, data: TaxRateInput, rate_id: int | None
) -> tuple[dict[str, str], str, Decimal]:
    """A sentence per wrong field, the clean name and the rate."""
    errors: dict[str, str] = {}
    name = " ".join(data.name.split())
    if message := _name_error(session, name, rate_id):
        errors["name"] = message
    rate = Decimal(0)
    try:
        rate = read_rate(data.rate, account_locale(session))
    except BillingError as error:
        errors["rate"] = error.message
    if len(data.note.strip()) > NOTE_LENGTH:
        errors["note"] = f"Keep the note to {NOTE_LENGTH} characters."
    return errors, name, rate


def _described(rate: TaxRate) -> str:
    return f"{rate.name} {rate_key(rate.rate)}%"


def create_tax_rate(session: Session, actor: Actor, data: TaxRateInput) -> int:
    """A new rate, last in the list; the first one of all becomes the default."""
    require(session, actor, Permission.MANAGE_SETTINGS, "add tax rates")
    errors, name, value = check_tax_rate(session, data, None)
    if errors:
        raise FieldErrors("invalid_tax_rate", errors)
    rates = _ordered(session)
    rate = TaxRate(name=name, rate=value, note=data.note.strip(),
                   is_default=not any(r.is_default for r in rates),
                   position=max((r.position for r in rates), default=-1) + 1)  # fmt: skip
    session.add(rate)
    session.flush()
    assert rate.id is not None
    record_audit(session, actor, "tax_rate_created", entity="tax_rate", entity_id=rate.id,
                 to_value=_described(rate))  # fmt: skip
    return rate.id


def update_tax_rate(session: Session, actor: Actor, rate_id: int, data: TaxRateInput) -> None:
    """Rename or change a rate: what was billed keeps the value it was billed with."""
    require(session, actor, Permission.MANAGE_SETTINGS, "change tax rates")
    rate = _load(session, rate_id)
    errors, name, value = check_tax_rate(session, data, rate_id)
    if errors:
        raise FieldErrors("invalid_tax_rate", errors)
    before = _described(rate)
    rate.name, rate.rate, rate.note = name, value, data.note.strip()
    session.add(rate)
    session.flush()
    record_audit(session, actor, "tax_rate_changed", entity="tax_rate", entity_id=rate_id,
                 from_value=before, to_value=_described(rate))  # fmt: skip


def set_tax_rate_archived(session: Session, actor: Actor, rate_id: int, archived: bool) -> str:
    """Archive (no longer offered) or restore a rate; the default cannot be archived."""
    require(session, actor, Permission.MANAGE_SETTINGS, "archive tax rates")
    rate = _load(session, rate_id)
    if archived and rate.is_default:
        raise BillingError(
            "default_tax_rate",
            f"{rate.name} is the default rate, so it cannot be archived; make another rate the "
            "default first.",
        )
    if rate.archived != archived:
        rate.archived = archived
        session.add(rate)
        session.flush()
        record_audit(session, actor, "tax_rate_archived" if archived else "tax_rate_restored",
                     entity="tax_rate", entity_id=rate_id, to_value=_described(rate))  # fmt: skip
    return rate.name


def set_default_tax_rate(session: Session, actor: Actor, rate_id: int) -> str:
    """The rate new lines, products and contracts start with."""
    require(session, actor, Permission.MANAGE_SETTINGS, "choose the default tax rate")
    rate = _load(session, rate_id)
    if rate.archived:
        raise BillingError(
            "archived_tax_rate",
            f"{rate.name} is archived; restore it before making it the default.",
        )
    if rate.is_default:
        return rate.name
    before = session.exec(select(TaxRate).where(col(TaxRate.is_default))).first()
    if before is not None:
        before.is_default = False
        session.add(before)
        session.flush()  # at most one default, says the database: this one goes first
    rate.is_default = True
    session.add(rate)
    session.flush()
    record_audit(session, actor, "tax_rate_default", entity="tax_rate", entity_id=rate_id,
                 from_value=_described(before) if before else "",
                 to_value=_described(rate))  # fmt: skip
    return rate.name


def move_tax_rate(session: Session, actor: Actor, rate_id: int, step: int) -> None:
    """One place up (-1) or down (+1) in the order every select offers the rates in."""
    require(session, actor, Permission.MANAGE_SETTINGS, "reorder tax rates")
    rates = _ordered(session)
    index = next((i for i, r in enumerate(rates) if r.id == rate_id), None)
    if index is None:
        raise BillingError("tax_rate_not_found", "That tax rate no longer exists; reload the page.")
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(rates):
        return
    rates[index], rates[other] = rates[other], rates[index]
    for position, rate in enumerate(rates):
        rate.position = position
        session.add(rate)
    session.flush()
