from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing_app.domain.errors import BillingError
from billing_app.domain.money import quantize
from billing_app.domain.totals import LineInput, compute_totals, line_amounts

D = Decimal


def test_line_net_is_quantity_times_price_minus_discount_rounded_per_line():
    amounts = line_amounts(
        LineInput(D("1.25"), D("65.00"), tax_rate=D(22), discount=D("5.00")),
        "EUR",
        prices_include_tax=False,
    )
    assert (amounts.net, amounts.tax) == (D("76.25"), D("16.78"))  # 16.775 rounds half up


def test_tax_is_rounded_per_line_as_xero_does_not_on_the_total():
    lines = [LineInput(D(1), D("0.05"), tax_rate=D(10))] * 3  # 0.005 tax each
    totals = compute_totals(lines, "EUR")
    assert totals.tax == D("0.03")  # per line 0.01 x 3, not round(0.015) = 0.02
    assert totals.total == D("0.18")


def test_tax_inclusive_prices_split_the_gross_into_net_and_tax():
    totals = compute_totals(
        [LineInput(D(1), D("122.00"), tax_rate=D(22))], "EUR", prices_include_tax=True
    )
    assert (totals.net, totals.tax, totals.total) == (D("100.00"), D("22.00"), D("122.00"))


def test_yen_lines_have_no_decimals():
    totals = compute_totals([LineInput(D("1.5"), D(333), tax_rate=D(10))], "JPY")
    assert (totals.net, totals.tax, totals.total) == (D(500), D(50), D(550))


def test_tax_summary_groups_lines_by_rate():
    totals = compute_totals(
        [
            LineInput(D(2), D("100"), tax_rate=D(22)),
            LineInput(D(1), D("50"), tax_rate=D(0)),
            LineInput(D(1), D("10.50"), tax_rate=D("22.0")),
        ],
        "EUR",
    )
    assert [(s.rate, s.net, s.tax) for s in totals.tax_by_rate] == [
        (D(0), D("50.00"), D("0.00")),
        (D(22), D("210.50"), D("46.31")),
    ]


def test_a_credit_line_with_negative_quantity_reduces_the_total():
    totals = compute_totals(
        [LineInput(D(1), D(100), tax_rate=D(22)), LineInput(D(-1), D(40), tax_rate=D(22))], "EUR"
    )
    assert totals.total == D("73.20")


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (LineInput(D(1), D(10), discount=D(11)), "discount_too_large"),
        (LineInput(D(1), D(10), discount=D(-1)), "negative_discount"),
        (LineInput(D(1), D(10), tax_rate=D(101)), "invalid_tax_rate"),
        (LineInput(D(1), D(10), tax_rate=D(-5)), "invalid_tax_rate"),
    ],
)
def test_bad_lines_are_refused_with_a_reason(line, code):
    with pytest.raises(BillingError) as error:
        compute_totals([line], "EUR")
    assert error.value.code == code
    assert error.value.message.endswith(".")


QUANTITIES = st.decimals(min_value=D("-50"), max_value=D("500"), places=2, allow_nan=False)
PRICES = st.decimals(min_value=D("0"), max_value=D("10000"), places=4, allow_nan=False)
RATES = st.sampled_from([D(0), D(4), D(5), D(10), D(19), D(20), D(22), D("8.1")])


@st.composite
def lines(draw):
    quantity, price = draw(QUANTITIES), draw(PRICES)
    discount = draw(st.decimals(min_value=0, max_value=abs(quantity * price), places=2))
    return LineInput(quantity, price, tax_rate=draw(RATES), discount=discount)


@given(
    items=st.lists(lines(), max_size=25),
    currency=st.sampled_from(["EUR", "JPY", "KWD", "USD"]),
    inclusive=st.booleans(),
)
def test_totals_reconcile_with_their_lines(items, currency, inclusive):
    totals = compute_totals(items, currency, prices_include_tax=inclusive)
    assert sum((line.net for line in totals.lines), D(0)) == totals.net
    assert sum((line.tax for line in totals.lines), D(0)) == totals.tax
    assert totals.net + totals.tax == totals.total
    assert sum((s.net for s in totals.tax_by_rate), D(0)) == totals.net
    assert sum((s.tax for s in totals.tax_by_rate), D(0)) == totals.tax
    for line, amounts in zip(items, totals.lines, strict=True):
        for value in (amounts.net, amounts.tax):
            assert quantize(value, currency) == value  # every amount at the currency's precision
        entered = quantize(line.quantity * line.unit_price - line.discount, currency)
        assert (amounts.gross if inclusive else amounts.net) == entered  # no unit gained or lost
