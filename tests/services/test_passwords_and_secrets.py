import pytest

from billing_app.domain.errors import BillingError
from billing_app.services.passwords import hash_password, verify_password
from billing_app.services.secret_box import decrypt_secret, encrypt_secret

KEY = "k" * 43


def test_passwords_are_hashed_with_argon2id_and_verified():
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse battery!")


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("correct horse battery") != hash_password("correct horse battery")


def test_a_short_password_is_refused_with_the_minimum():
    with pytest.raises(BillingError) as error:
        hash_password("short")
    assert error.value.code == "weak_password"
    assert "at least 10" in error.value.message


def test_a_broken_hash_never_verifies():
    assert not verify_password("not-a-hash", "whatever-password")


def test_secrets_round_trip_and_are_not_stored_in_clear():
    token = encrypt_secret("smtp-pa$$word", KEY)
    assert "smtp" not in token
    assert decrypt_secret(token, KEY) == "smtp-pa$$word"


def test_a_wrong_key_gives_a_clear_error_not_garbage():
    token = encrypt_secret("refresh-token-123", KEY)
    with pytest.raises(BillingError) as error:
        decrypt_secret(token, "another-key-" + "x" * 32)
    assert error.value.code == "wrong_secret_key"
    assert "BILLING_SECRET_KEY" in error.value.message


def test_a_tampered_secret_is_refused():
    token = encrypt_secret("refresh-token-123", KEY)
    with pytest.raises(BillingError):
        decrypt_secret(token[:-4] + "AAAA", KEY)
