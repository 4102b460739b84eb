from decimal import Decimal

import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.form_values import read_rate
from billing_app.domain.tax_rates import (
    RateChoice,
    custom_choice,
    format_rate,
    named_choice,
    rate_key,
    seed_rates,
    typed_rate,
)

D = Decimal


@pytest.mark.parametrize(
    ("rate", "key"),
    [(D("22.0000"), "22"), (D(22), "22"), (D("5.5000"), "5.5"), (D("0.0000"), "0"),
     (D("100"), "100"), (D("8.875"), "8.875"), (D("1E+1"), "10")],
)  # fmt: skip
def test_a_rate_has_one_plain_key_however_it_was_stored(rate, key):
    assert rate_key(rate) == key


def test_rates_are_written_in_the_locale_with_the_decimals_they_have():
    assert format_rate(D("22.0000"), "it_IT") == "22%"
    assert format_rate(D("5.5"), "it_IT") == "5,5%"
    assert format_rate(D("5.5"), "de_DE") == "5,5\xa0%"
    assert format_rate(D("8.875"), "en_US") == "8.875%"
    assert format_rate(D(0), "en_US") == "0%"
    assert [typed_rate(D(r), "it_IT") for r in ("22.0000", "5.5", "8.8755")] == [
        "22", "5,5", "8,8755"]  # fmt: skip


def test_a_stored_rate_no_named_rate_has_is_offered_as_custom():
    named = [named_choice("IVA 22%", D(22), "it_IT"), named_choice("Esente", D(0), "it_IT")]
    assert named == [RateChoice("22", "IVA 22% (22%)"), RateChoice("0", "Esente (0%)")]
    assert custom_choice(D("22.0000"), named, "it_IT") is None
    assert custom_choice(D("21.5"), named, "it_IT") == RateChoice("21.5", "21,5% (custom)")
    assert custom_choice(D(0), [], "en_US") == RateChoice("0", "0% (custom)")


def test_each_country_starts_with_one_default_and_an_unknown_one_with_no_tax():
    for country in ("IT", "de", " GB ", "CH", "US", "JP"):
        assert sum(seed.default for seed in seed_rates(country)) == 1
    assert [(s.name, s.rate) for s in seed_rates("it")] == [
        ("IVA 22%", D(22)), ("IVA 10%", D(10)), ("IVA 4%", D(4)), ("Esente", D(0))]  # fmt: skip
    assert "DPR 633/72" in seed_rates("IT")[-1].note
    assert [(s.name, s.rate) for s in seed_rates("CH")] == [("MWST 8.1%", D("8.1")),
                                                           ("Exempt", D(0))]  # fmt: skip
    assert [(s.name, s.rate, s.default) for s in seed_rates("US")] == [("No tax", D(0), True)]


@pytest.mark.parametrize(
    ("text", "locale", "rate"),
    [("22", "it_IT", D(22)), ("5,5", "it_IT", D("5.5")), ("5.5", "it_IT", D("5.5")),
     ("8.875", "it_IT", D("8.875")), ("22 %", "de_DE", D(22)), ("7.7", "de_CH", D("7.7")),
     ("0", "en_US", D(0)), ("100", "en_US", D(100))],
)  # fmt: skip
def test_a_rate_is_read_plain_or_in_the_locale(text, locale, rate):
    assert read_rate(text, locale) == rate


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "missing_rate"), ("  % ", "missing_rate"), ("abc", "malformed_number"),
     ("-5", "negative_number"), ("100.01", "rate_out_of_range"), ("1.000,5", "rate_out_of_range"),
     ("22.00001", "too_many_decimals")],
)  # fmt: skip
def test_a_bad_rate_is_refused_with_its_reason(text, code):
    with pytest.raises(BillingError) as error:
        read_rate(text, "it_IT")
    assert error.value.code == code
