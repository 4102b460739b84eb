"""Invoice number formats: a pattern such as `INV-{year}-{seq:05}`.

The series is the counter an invoice number is drawn from: one per year when
numbering resets yearly, one for all time otherwise.
"""

from __future__ import annotations

import string

from billing_app.domain.errors import BillingError

DEFAULT_FORMAT = "{year}-{seq:05}"
FIELDS = {"year", "seq"}


def check_format(pattern: str) -> str:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
        pattern.format(year=2026, seq=1)
    except (ValueError, KeyError, IndexError):
        raise BillingError(
            "invalid_number_format",
            f"Number format '{pattern}' is not valid; use {{year}} and {{seq}}, "
            f"for example 'INV-{{year}}-{{seq:05}}'.",
        ) from None
    if "seq" not in fields or not fields <= FIELDS:
        raise BillingError(
            "invalid_number_format",
            f"Number format '{pattern}' must contain {{seq}} and may only use {{year}} besides; "
            f"for example 'INV-{{year}}-{{seq:05}}'.",
        )
    return pattern


def format_number(pattern: str, *, year: int, sequence: int) -> str:
    return check_format(pattern).format(year=year, seq=sequence)


def series_key(*, year: int, reset_yearly: bool) -> str:
    return str(year) if reset_yearly else "all"


def numbering_preview(pattern: str, year: int, next_seq: int) -> str:
    """The number the next issued invoice would get, or "" while the pattern is not valid."""
    try:
        return format_number(pattern, year=year, sequence=next_seq)
    except BillingError:
        return ""
