import datetime as dt

import pytest

from billing_app.config import ConfigError, load_settings, secret_key

CLEAN = ("BILLING_DATABASE_URL", "BILLING_REDIS_URL", "BILLING_PORT", "BILLING_COUNTRY",
         "BILLING_CURRENCY", "BILLING_LOCALE", "BILLING_SECRET_KEY")  # fmt: skip


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in CLEAN:
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_a_local_sqlite_file_in_italy_on_port_3000():
    settings = load_settings()
    assert (settings.database_url, settings.port, settings.redis_url) == (
        "sqlite:///billing.db",
        3000,
        None,
    )
    assert (settings.country, settings.currency, settings.locale) == ("IT", "EUR", "it_IT")
    assert settings.payment_sync_every == dt.timedelta(minutes=5)


def test_payment_sync_seconds_zero_turns_the_schedule_off(monkeypatch):
    monkeypatch.setenv("BILLING_PAYMENT_SYNC_SECONDS", "0")
    assert load_settings().payment_sync_every is None


def test_the_currency_follows_the_country_unless_overridden(monkeypatch):
    monkeypatch.setenv("BILLING_COUNTRY", "us")
    assert load_settings().currency == "USD"
    monkeypatch.setenv("BILLING_CURRENCY", "eur")
    assert load_settings().currency == "EUR"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("BILLING_CURRENCY", "EUX", "BILLING_CURRENCY: 'EUX' is not a known ISO 4217 currency"),
        ("BILLING_COUNTRY", "XX", "BILLING_COUNTRY: 'XX' is not a country code"),
        ("BILLING_LOCALE", "xx_YY", "BILLING_LOCALE: 'xx_YY' is not a known locale"),
        ("BILLING_PORT", "http", "BILLING_PORT 'http' is not a port"),
        ("BILLING_DATABASE_URL", "not a url", "BILLING_DATABASE_URL 'not a url' is not a database"),
        ("BILLING_DATABASE_URL", "mysql://db/x", "BILLING_DATABASE_URL uses 'mysql'"),
        (
            "BILLING_REDIS_URL",
            "localhost:6379",
            "BILLING_REDIS_URL 'localhost:6379' is not a Redis",
        ),
        ("BILLING_PAYMENT_SYNC_SECONDS", "5m", "BILLING_PAYMENT_SYNC_SECONDS '5m' is not a"),
    ],
)
def test_bad_settings_name_the_variable_and_the_fix_in_one_line(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_secret_key_is_generated_once_into_a_private_file(tmp_path, capsys):
    key_file = tmp_path / ".secret_key"
    first = secret_key(key_file)
    assert "BILLING_SECRET_KEY is not set" in capsys.readouterr().err
    assert secret_key(key_file) == first
    assert capsys.readouterr().err == ""
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(first) >= 32


def test_secret_key_from_the_environment_wins_and_must_be_long(tmp_path, monkeypatch):
    monkeypatch.setenv("BILLING_SECRET_KEY", "k" * 40)
    assert secret_key(tmp_path / "unused") == "k" * 40
    assert not (tmp_path / "unused").exists()
    monkeypatch.setenv("BILLING_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="BILLING_SECRET_KEY is too short"):
        secret_key(tmp_path / "unused")
