"""IBAN shape and checksum (ISO 13616): country letters, two check digits, the account."""

from __future__ import annotations

import re

from billing_app.domain.errors import BillingError

SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}")


def check_iban(text: str) -> str:
    """The IBAN without spaces, upper-cased; empty stays empty (the account may have none)."""
    iban = re.sub(r"\s+", "", text).upper()
    if not iban:
        return ""
    if not SHAPE.fullmatch(iban):
        raise BillingError(
            "invalid_iban",
            "An IBAN is two letters, two digits and 11 to 30 letters or digits, "
            "e.g. IT60 X054 2811 1010 0000 0123 456.",
        )
    if int("".join(str(int(c, 36)) for c in iban[4:] + iban[:4])) % 97 != 1:
        raise BillingError(
            "invalid_iban", f"The IBAN '{text.strip()}' has a typo: its check digits do not match."
        )
    return iban
