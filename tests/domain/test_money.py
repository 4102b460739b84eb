from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_app.domain.errors import BillingError
from billing_app.domain.money import (
    check_currency,
    currency_for_country,
    format_money,
    from_minor_units,
    minor_unit,
    parse_money,
    precision,
    quantize,
    to_minor_units,
)

D = Decimal
NBSP = "\xa0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


def test_precision_comes_from_babel_per_currency():
    assert (precision("EUR"), precision("JPY"), precision("KWD")) == (2, 0, 3)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.345", "EUR", "2.35"),  # half-even would give 2.34
        ("2.335", "EUR", "2.34"),
        ("-2.345", "EUR", "-2.35"),  # half up means away from zero on ties
        ("1234.5", "JPY", "1235"),
        ("1233.5", "JPY", "1234"),  # half-even would give 1234 too; 1234.5 tells them apart
        ("0.0005", "KWD", "0.001"),
    ],
)
def test_quantize_rounds_half_up_to_the_currency_precision(amount, currency, expected):
    assert quantize(D(amount), currency) == D(expected)
    assert str(quantize(D(amount), currency)) == expected


def test_italian_locale_formats_euro_after_the_amount_with_dot_grouping():
    assert plain(format_money(D("1234.56"), "EUR", "it_IT")) == "1.234,56 €"


def test_us_locale_formats_dollars_before_the_amount():
    assert format_money(D("1234.56"), "USD", "en_US") == "$1,234.56"


def test_yen_is_formatted_without_decimals():
    assert format_money(D("1234.5"), "JPY", "en_US") == "¥1,235"


def test_currency_follows_the_country():
    assert [currency_for_country(c) for c in ("IT", "US", "GB", "JP", "de")] == [
        "EUR",
        "USD",
        "GBP",
        "JPY",
        "EUR",
    ]


def test_unknown_country_is_refused_with_a_sentence():
    with pytest.raises(BillingError) as error:
        currency_for_country("XX")
    assert error.value.code == "unknown_country"
    assert "two-letter code" in error.value.message


def test_unknown_currency_code_is_refused_with_the_fix():
    with pytest.raises(BillingError) as error:
        check_currency("EUX")
    assert error.value.code == "unknown_currency"
    assert error.value.message == (
        "'EUX' is not a known ISO 4217 currency code; use a code such as EUR, USD or GBP."
    )


@pytest.mark.parametrize("text", ["12,3,4", "abc", "", "1.234,56.7", "€"])
def test_malformed_amount_is_refused_with_an_example(text):
    with pytest.raises(BillingError) as error:
        parse_money(text, "EUR", "it_IT")
    assert error.value.code == "malformed_amount"
    assert "write it like 1.234,50" in plain(error.value.message)


def test_amount_with_more_decimals_than_the_currency_is_refused():
    with pytest.raises(BillingError) as error:
        parse_money("10,005", "EUR", "it_IT")
    assert error.value.code == "too_many_decimals"


def test_parse_reads_the_locale_and_ignores_the_symbol():
    assert parse_money("1.234,56 €", "EUR", "it_IT") == D("1234.56")
    assert parse_money("$1,234.56", "USD", "en_US") == D("1234.56")
    assert parse_money("1234", "JPY", "ja_JP") == D(1234)


def test_minor_units_round_trip_and_refuse_unrounded_amounts():
    assert to_minor_units(D("12.34"), "EUR") == 1234
    assert to_minor_units(D("1235"), "JPY") == 1235
    assert from_minor_units(1234, "EUR") == D("12.34")
    with pytest.raises(BillingError):
        to_minor_units(D("12.345"), "EUR")


CURRENCIES = st.sampled_from(["EUR", "USD", "GBP", "JPY", "CHF", "KWD"])
LOCALES = st.sampled_from(["it_IT", "en_US", "en_GB", "de_DE", "fr_FR", "ja_JP"])
AMOUNTS = st.decimals(
    min_value=D("-99999999.999"), max_value=D("99999999.999"), places=3, allow_nan=False
)


@given(amount=AMOUNTS, currency=CURRENCIES)
def test_rounding_moves_an_amount_by_at_most_half_a_minor_unit(amount, currency):
    rounded = quantize(amount, currency)
    assert abs(rounded - amount) <= minor_unit(currency) / 2
    assert quantize(rounded, currency) == rounded
    assert from_minor_units(to_minor_units(rounded, currency), currency) == rounded


@given(amount=AMOUNTS, currency=CURRENCIES, locale=LOCALES)
def test_formatting_then_parsing_gives_back_the_same_amount(amount, currency, locale):
    rounded = quantize(amount, currency)
    assert parse_money(format_money(rounded, currency, locale), currency, locale) == rounded
