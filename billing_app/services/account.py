from __future__ import annotations

from sqlmodel import Session, select

from billing_app.domain.money import check_currency, check_locale
from billing_app.domain.tax_rates import seed_rates
from billing_app.models import AccountSettings, TaxRate


def ensure_account(
    session: Session, *, legal_name: str, country: str, currency: str, locale: str
) -> AccountSettings:
    """The account row, created on the first start from the start-up settings; and the
    country's tax rates, when there are none yet (a database from before they existed too)."""
    account = session.get(AccountSettings, 1)
    if account is None:
        account = AccountSettings(
            legal_name=legal_name,
            country=country.upper(),
            currency=check_currency(currency),
            locale=check_locale(locale),
        )
        session.add(account)
        session.flush()
    if session.exec(select(TaxRate.id)).first() is None:
        session.add_all(
            TaxRate(name=seed.name, rate=seed.rate, note=seed.note, is_default=seed.default,
                    position=position)
            for position, seed in enumerate(seed_rates(account.country))
        )  # fmt: skip
        session.flush()
    return account


def account_locale(session: Session) -> str:
    account = session.get(AccountSettings, 1)
    return account.locale if account else "en_US"


def account_currency_and_locale(session: Session) -> tuple[str, str]:
    account = session.get(AccountSettings, 1)
    return (account.currency, account.locale) if account else ("USD", "en_US")
