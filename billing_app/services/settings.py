"""The account's own settings: company profile, region and money, invoice numbering.

Saving checks every field first and writes nothing when any is wrong. Changing the
numbering only shapes the next number taken: issued invoices keep theirs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.iban import check_iban
from billing_app.domain.money import check_currency, check_locale, currency_for_country
from billing_app.domain.numbering import check_format, numbering_preview, series_key
from billing_app.domain.roles import Permission
from billing_app.models import AccountSettings
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.customers import EMAIL
from billing_app.services.numbering import peek_next_sequence

TEXT_FIELDS = ("legal_name", "registration", "street", "city", "postcode", "region",
               "vat_id", "phone", "email", "website", "bic", "bank_account")  # fmt: skip


@dataclass(frozen=True)
class SettingsInput:
    legal_name: str
    country: str
    locale: str
    currency: str = ""  # empty: the country's currency
    payment_terms_days: str = "30"
    prices_include_tax: bool = False
    number_format: str = "{year}-{seq:05}"
    number_reset_yearly: bool = True
    registration: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    region: str = ""
    vat_id: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    iban: str = ""
    bic: str = ""
    bank_account: str = ""


@dataclass(frozen=True)
class SettingsView:
    values: SettingsInput
    year: int
    next_sequence_yearly: int  # the next number of this year's series
    next_sequence_all: int  # ... and of the never-resetting one

    @property
    def next_number(self) -> str:
        next_seq = (self.next_sequence_yearly if self.values.number_reset_yearly
                    else self.next_sequence_all)  # fmt: skip
        return numbering_preview(self.values.number_format, self.year, next_seq)


def account_of(session: Session) -> AccountSettings:
    account = session.get(AccountSettings, 1)
    if account is None:
        raise BillingError(
            "no_account", "The company settings are missing; run the set-up (make run) first."
        )
    return account


def _values(account: AccountSettings) -> SettingsInput:
    fields = {f.name for f in dataclasses.fields(SettingsInput)}
    values = {name: getattr(account, name) for name in fields}
    return SettingsInput(**{**values, "payment_terms_days": str(account.payment_terms_days)})


def account_settings(session: Session, actor: Actor) -> SettingsView:
    require(session, actor, Permission.MANAGE_SETTINGS, "see the company settings")
    year = utcnow().year
    return SettingsView(
        values=_values(account_of(session)),
        year=year,
        next_sequence_yearly=peek_next_sequence(session, series_key(year=year, reset_yearly=True)),
        next_sequence_all=peek_next_sequence(session, series_key(year=year, reset_yearly=False)),
    )


def _checked(errors: dict[str, str], field: str, check: Callable[[str], str], value: str) -> str:
    try:
        return check(value)
    except BillingError as error:
        errors[field] = error.message
        return ""


def check_settings(data: SettingsInput) -> tuple[dict[str, str], dict[str, object]]:
    """A sentence per wrong field, and the clean values to store when there is none."""
    errors: dict[str, str] = {}
    clean: dict[str, object] = {name: getattr(data, name).strip() for name in TEXT_FIELDS}
    if not clean["legal_name"]:
        errors["legal_name"] = "Enter the company's legal name, as it appears on invoices."
    if clean["email"] and not EMAIL.match(str(clean["email"])):
        errors["email"] = f"'{clean['email']}' is not an e-mail address; write it like ap@msp.it."
    country = data.country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        errors["country"] = "Use the two-letter country code, e.g. IT, DE or GB."
    elif default := _checked(errors, "country", currency_for_country, country):
        clean["currency"] = (_checked(errors, "currency", check_currency, data.currency)
                             if data.currency.strip() else default)  # fmt: skip
    clean["country"] = country
    clean["locale"] = _checked(errors, "locale", check_locale, data.locale.strip())
    terms = data.payment_terms_days.strip()
    if not terms.isdigit() or not 0 <= int(terms) <= 365:
        errors["payment_terms_days"] = "Payment terms are a whole number of days, 0 to 365."
    else:
        clean["payment_terms_days"] = int(terms)
    clean["iban"] = _checked(errors, "iban", check_iban, data.iban)
    clean["number_format"] = _checked(errors, "number_format", check_format,
                                      data.number_format.strip())  # fmt: skip
    clean["prices_include_tax"] = data.prices_include_tax
    clean["number_reset_yearly"] = data.number_reset_yearly
    return errors, clean


def save_account_settings(session: Session, actor: Actor, data: SettingsInput) -> None:
    require(session, actor, Permission.MANAGE_SETTINGS, "change the company settings")
    errors, clean = check_settings(data)
    if errors:
        raise FieldErrors("invalid_settings", errors)
    account = account_of(session)
    changed = {name: (getattr(account, name), value) for name, value in clean.items()
               if getattr(account, name) != value}  # fmt: skip
    if not changed:
        return
    for name, (_, value) in changed.items():
        setattr(account, name, value)
    account.updated_at = utcnow()
    session.add(account)
    session.flush()
    record_audit(
        session, actor, "settings_saved", entity="account_settings", entity_id=account.id,
        from_value="; ".join(f"{name}: {old}" for name, (old, _) in changed.items()),
        to_value="; ".join(f"{name}: {new}" for name, (_, new) in changed.items()),
        details=", ".join(changed),
    )  # fmt: skip
