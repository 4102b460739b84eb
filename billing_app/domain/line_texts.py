"""Every description and note the billing engine writes on an invoice, in one place.

Documents are written in one language, English, until customers have a document language
(then `language` comes from the customer and these strings go through a gettext catalogue).
Month names follow the language; numbers and money follow the account's locale, as the
rest of the document does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date

from billing_app.domain.formats import format_quantity

LANGUAGE = "en"

Period = tuple[dt.date, dt.date]


def period_name(period: Period, language: str = LANGUAGE) -> str:
    """A month by name ("November 2026"), or its first and last months."""
    if (period[0].year, period[0].month) == (period[1].year, period[1].month):
        return str(format_date(period[0], "MMMM y", locale=language))
    first = format_date(period[0], "MMM y", locale=language)
    return f"{first} – {format_date(period[1], 'MMM y', locale=language)}"


def hours(value: Decimal, locale: str) -> str:
    return f"{format_quantity(value, locale, decimals=2)} h"


def fee(label: str, period: Period, *, prorated: bool, changed: bool) -> str:
    """A period's fee; says when it covers part of the period or mixes two fees."""
    notes = [text for flag, text in ((prorated, "prorated"), (changed, "fee changed")) if flag]
    suffix = f" ({', '.join(notes)})" if notes else ""
    return f"{label} – {period_name(period)}{suffix}"


def block_label(contract: str, block_hours: str) -> str:
    return f"{contract}: block of {block_hours}"


def unit_line(unit: str, period: Period) -> str:
    return f"{unit} – {period_name(period)}"


def milestone(contract: str, name: str) -> str:
    return f"{contract} – {name}"


def fixed_price(contract: str) -> str:
    return f"{contract} – fixed price"


def prepaid_amount(contract: str) -> str:
    return f"{contract}: prepaid amount"


def beyond_block(contract: str) -> str:
    return f"{contract}: hours beyond the block"


def beyond_prepaid(contract: str) -> str:
    return f"{contract}: beyond the prepaid amount"


def included(description: str) -> str:
    return f"{description} (included)"


def from_block(description: str) -> str:
    return f"{description} (from the block)"


def prepaid_use(description: str, cost: str) -> str:
    return f"{description} (prepaid: {cost})"


def expense(day: dt.date, description: str) -> str:
    return f"{day.isoformat()} · {description}"


def contract_time(day: dt.date, work_type: str) -> str:
    return f"{day.isoformat()} · {work_type} (contract time)"


def ticket_time(day: dt.date, work_type: str, ticket_id: int, subject: str) -> str:
    return f"{day.isoformat()} · {work_type} · Ticket #{ticket_id}: {subject}"


def ticket_total(ticket_id: int, subject: str, entries: int) -> str:
    return f"Ticket #{ticket_id}: {subject} ({entries} time entr{'y' if entries == 1 else 'ies'})"


def block_hours_note(available: str, carried_in: str, used: str, carried_out: str) -> str:
    return (
        f"Block hours: {available} available ({carried_in} carried over), {used} used, "
        f"{carried_out} carried to the next period."
    )


def block_money_note(balance: str, used: str) -> str:
    return f"Prepaid balance: {balance} left after {used} used this period."


def _without_name(description: str, contract: str) -> str:
    for prefix in (f"{contract} – ", f"{contract}: "):
        if description.startswith(prefix):
            return description.removeprefix(prefix)
    return description


def already_billed(contract: str, descriptions: list[str]) -> str:
    """What a run left out of one contract because a live invoice holds it already."""
    descriptions = [_without_name(d, contract) for d in descriptions]
    if len(descriptions) == 1:
        return f"{contract}: {descriptions[0]} is already on a live invoice, so it is left out."
    listed = ", ".join(descriptions[:-1]) + f" and {descriptions[-1]}"
    return f"{contract}: {listed} are already on a live invoice, so they are left out."
