import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.iban import check_iban


def test_a_valid_iban_is_kept_without_spaces_and_upper_cased():
    assert check_iban("it60 x054 2811 1010 0000 0123 456") == "IT60X0542811101000000123456"
    assert check_iban("GB82 WEST 1234 5698 7654 32") == "GB82WEST12345698765432"
    assert check_iban("  ") == ""


@pytest.mark.parametrize("text", ["IT60X054", "6060X0542811101000000123456", "IT60-X054-2811-1010"])
def test_a_wrong_shape_is_refused(text):
    with pytest.raises(BillingError, match="two letters, two digits"):
        check_iban(text)


def test_a_typo_fails_the_checksum():
    with pytest.raises(BillingError, match="check digits"):
        check_iban("IT60X0542811101000000123457")
