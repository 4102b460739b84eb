import datetime as dt
from decimal import Decimal as D

import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.form_values import (
    FieldReader,
    read_amount,
    read_number,
    show_amount,
)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1.200,50", D("1200.50")), ("1200.50", D("1200.50")), ("1200,5", D("1200.5")),
     ("€ 1.200", D(1200)), ("0", D(0))],
)  # fmt: skip
def test_an_amount_is_read_in_the_locale_or_plain(typed, amount):
    assert read_amount(typed, "EUR", "it_IT") == amount


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [("12a", "'12a' is not an amount"), ("-5", "cannot be negative"),
     ("1,555", "more decimals than EUR allows"), ("12.5.5", "is not an amount")],
)  # fmt: skip
def test_a_wrong_amount_says_what_is_wrong(typed, sentence):
    with pytest.raises(BillingError) as error:
        read_amount(typed, "EUR", "it_IT")
    assert sentence in error.value.message


def test_hours_take_a_comma_or_a_dot_and_refuse_letters():
    assert read_number("7,5", "it_IT", "hours") == D("7.5")
    assert read_number("7.5", "it_IT", "hours") == D("7.5")
    with pytest.raises(BillingError, match="'seven' is not a number"):
        read_number("seven", "it_IT", "hours")


def test_a_stored_amount_is_shown_so_that_it_reads_back_the_same():
    shown = show_amount(D("1200.5"), "EUR", "it_IT")
    assert shown == "1.200,50"
    assert read_amount(shown, "EUR", "it_IT") == D("1200.50")


def test_the_reader_keeps_a_sentence_per_wrong_field_and_reads_empty_as_none():
    reader = FieldReader("EUR", "it_IT")
    assert reader.amount("fee", "") is None
    assert reader.day("start", "2026-02-30", "start date") is None
    assert reader.minutes("minimum", "90", "minimum time") == 90
    assert reader.day("end", "2026-03-01", "end date") == dt.date(2026, 3, 1)
    assert set(reader.errors) == {"start"}
