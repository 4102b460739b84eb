import pytest

from billing_app.domain.colors import DARK_TEXT, LIGHT_TEXT, check_accent, text_on, tint
from billing_app.domain.errors import BillingError


def test_an_accent_is_kept_lower_cased_and_trimmed():
    assert check_accent(" #1F4E79 ") == "#1f4e79"


@pytest.mark.parametrize("text", ["1f4e79", "#1f4e7", "#1f4e7g", "#1f4e79ff", "red", "#fff", ""])
def test_anything_but_hash_and_six_hex_digits_is_refused(text):
    with pytest.raises(BillingError, match="six hex digits") as refused:
        check_accent(text)
    assert refused.value.code == "invalid_accent"


def test_a_tint_mixes_the_colour_into_white():
    assert tint("#1f4e79", 0) == "#ffffff"
    assert tint("#1f4e79", 1) == "#1f4e79"
    assert tint("#000000", 0.5) == "#808080"


@pytest.mark.parametrize(("accent", "text"), [
    ("#1f4e79", LIGHT_TEXT), ("#000000", LIGHT_TEXT), ("#b91c1c", LIGHT_TEXT),
    ("#ffffff", DARK_TEXT), ("#facc15", DARK_TEXT), ("#a3e635", DARK_TEXT),
])  # fmt: skip
def test_text_on_the_accent_is_white_or_dark_whichever_reads_better(accent, text):
    assert text_on(accent) == text
