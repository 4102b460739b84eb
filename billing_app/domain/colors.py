"""The invoice's accent colour: checked as #RRGGBB, with a tint and a text colour to match."""

from __future__ import annotations

import re

from billing_app.domain.errors import BillingError

HEX = re.compile(r"#[0-9a-f]{6}")
DARK_TEXT = "#111827"
LIGHT_TEXT = "#ffffff"


def check_accent(text: str) -> str:
    """The colour in lower case: `#1f4e79`."""
    colour = text.strip().lower()
    if not HEX.fullmatch(colour):
        shown = text.strip() or "an empty value"
        raise BillingError(
            "invalid_accent",
            f"{shown} is not a colour: write # and six hex digits, e.g. #1f4e79.",
        )
    return colour


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def tint(colour: str, strength: float) -> str:
    """The colour mixed into white: strength 0 is white, 1 the colour itself."""
    mixed = (round(255 - (255 - c) * strength) for c in _channels(colour))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _luminance(colour: str) -> float:
    """WCAG relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(colour: str) -> str:
    """White or near-black, whichever reads better on the colour (higher WCAG contrast)."""
    light = _luminance(colour)
    white_contrast = 1.05 / (light + 0.05)
    dark_contrast = (light + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    return LIGHT_TEXT if white_contrast >= dark_contrast else DARK_TEXT
