"""Named tax rates: the rates a country starts with, and how a form offers them.

A named rate is a convenience for picking: invoice lines, products and contracts store
the rate's value, so renaming or changing a named rate never changes what was billed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal, format_percent

from billing_app.domain.money import ZERO

HUNDRED = Decimal(100)
NAME_LENGTH = 60
NOTE_LENGTH = 200


@dataclass(frozen=True)
class RateSeed:
    name: str
    rate: Decimal
    note: str = ""
    default: bool = False


@dataclass(frozen=True)
class RateChoice:
    value: str  # the rate as plain text ("22", "5.5"): what the form sends
    label: str  # "IVA 22% (22%)", or "21% (custom)" for a rate no named rate has


D = Decimal
ITALY = (
    RateSeed("IVA 22%", D(22), default=True),
    RateSeed("IVA 10%", D(10)),
    RateSeed("IVA 4%", D(4)),
    RateSeed("Esente", ZERO, note="Esente IVA art. 10 DPR 633/72"),
)
STANDARD = {  # country: the standard rate's name and value; a small table, not a tax engine
    "AT": ("USt 20%", D(20)), "BE": ("BTW 21%", D(21)), "CH": ("MWST 8.1%", D("8.1")),
    "DE": ("MwSt 19%", D(19)), "ES": ("IVA 21%", D(21)), "FR": ("TVA 20%", D(20)),
    "GB": ("VAT 20%", D(20)), "IE": ("VAT 23%", D(23)), "NL": ("BTW 21%", D(21)),
    "PT": ("IVA 23%", D(23)), "SE": ("Moms 25%", D(25)), "DK": ("Moms 25%", D(25)),
}  # fmt: skip


def seed_rates(country: str) -> tuple[RateSeed, ...]:
    """The rates a new account of `country` starts with; the admin adds the others."""
    code = country.strip().upper()
    if code == "IT":
        return ITALY
    if code in STANDARD:
        name, rate = STANDARD[code]
        return RateSeed(name, rate, default=True), RateSeed("Exempt", ZERO)
    return (RateSeed("No tax", ZERO, default=True),)


def rate_key(rate: Decimal) -> str:
    """The rate as plain text, the same for 22, 22.0 and 22.0000: what a select's option holds."""
    text = format(rate, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_rate(rate: Decimal, locale: str) -> str:
    """`22%` in it_IT, `5,5 %` in de_DE: every decimal the rate has, none it has not."""
    return str(format_percent(Decimal(rate_key(rate)) / HUNDRED, locale=locale,
                              decimal_quantization=False))  # fmt: skip


def typed_rate(rate: Decimal, locale: str) -> str:
    """The rate as a form shows it to be edited: "5,5" in it_IT, every decimal kept."""
    return str(format_decimal(Decimal(rate_key(rate)), format="0.####", locale=locale))


def named_choice(name: str, rate: Decimal, locale: str) -> RateChoice:
    return RateChoice(rate_key(rate), f"{name} ({format_rate(rate, locale)})")


def custom_choice(rate: Decimal, named: Iterable[RateChoice], locale: str) -> RateChoice | None:
    """A stored rate no named rate has ("21% (custom)"), offered too so editing keeps it;
    None when a named rate has it."""
    key = rate_key(rate)
    if any(choice.value == key for choice in named):
        return None
    return RateChoice(key, f"{format_rate(rate, locale)} (custom)")
