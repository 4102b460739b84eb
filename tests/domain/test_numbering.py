import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.numbering import (
    DEFAULT_FORMAT,
    format_number,
    numbering_preview,
    series_key,
)


def test_default_format_is_year_and_five_digit_sequence():
    assert format_number(DEFAULT_FORMAT, year=2026, sequence=42) == "2026-00042"


def test_prefix_and_custom_padding():
    assert format_number("INV-{year}/{seq:04}", year=2026, sequence=7) == "INV-2026/0007"


@pytest.mark.parametrize("pattern", ["INV-{year}", "{seq", "{customer}-{seq}", "{seq:x5}"])
def test_bad_formats_are_refused_with_an_example(pattern):
    with pytest.raises(BillingError) as error:
        format_number(pattern, year=2026, sequence=1)
    assert error.value.code == "invalid_number_format"
    assert "INV-{year}-{seq:05}" in error.value.message


def test_series_resets_per_year_only_when_asked():
    assert series_key(year=2026, reset_yearly=True) == "2026"
    assert series_key(year=2026, reset_yearly=False) == "all"


def test_the_preview_shows_the_next_number_or_nothing_for_a_bad_format():
    assert numbering_preview("{year}-{seq:05}", 2026, 43) == "2026-00043"
    assert numbering_preview("INV-{year}", 2026, 43) == ""
