"""Admin > Settings: the account's one form, with a live preview of the next invoice number."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.money import currency_for_country
from billing_app.domain.numbering import numbering_preview
from billing_app.services.settings import (
    TEXT_FIELDS,
    SettingsInput,
    account_settings,
    save_account_settings,
)
from billing_app.state.base import AppState
from billing_app.state.settings_page import SettingsPage

LOCALES = ["it_IT", "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "nl_NL", "de_CH", "fr_CH"]
TYPED = (*TEXT_FIELDS, "payment_terms_days", "iban")  # inputs read back from the submitted form


class AdminSettingsState(SettingsPage, AppState):
    form: dict[str, str] = {}
    form_key: int = 0  # bumped on load, so the inputs take the stored values again
    country: str = ""
    currency: str = ""
    saved_currency: str = ""
    locale: str = ""
    number_format: str = ""
    reset_yearly: bool = True
    prices_include_tax: bool = False
    year: int = 2026
    next_sequence_yearly: int = 1
    next_sequence_all: int = 1

    @rx.var
    def country_currency(self) -> str:
        try:
            return currency_for_country(self.country) if len(self.country.strip()) == 2 else ""
        except BillingError:
            return ""

    @rx.var
    def currency_changed(self) -> bool:
        shown = self.currency.strip().upper() or self.country_currency
        return bool(shown) and shown != self.saved_currency

    @rx.var
    def next_number(self) -> str:
        sequence = self.next_sequence_yearly if self.reset_yearly else self.next_sequence_all
        return numbering_preview(self.number_format.strip(), self.year, sequence)

    @rx.var
    def locales(self) -> list[str]:
        return LOCALES if self.locale in LOCALES or not self.locale else [self.locale, *LOCALES]

    @rx.event(background=True)
    async def load(self) -> None:
        view = await self._stored(account_settings)
        if view is None:
            return
        values = view.values
        async with self:
            self.form = {name: getattr(values, name) for name in TYPED}
            self.form_key += 1
            self.country, self.currency = values.country, values.currency
            self.saved_currency, self.locale = values.currency, values.locale
            self.number_format, self.reset_yearly = values.number_format, values.number_reset_yearly
            self.prices_include_tax = values.prices_include_tax
            self.year = view.year
            self.next_sequence_yearly = view.next_sequence_yearly
            self.next_sequence_all = view.next_sequence_all
            self._shown()

    @rx.event
    def set_country(self, value: str) -> None:
        self.country = value

    @rx.event
    def set_currency(self, value: str) -> None:
        self.currency = value

    @rx.event
    def set_locale(self, value: str) -> None:
        self.locale = value

    @rx.event
    def set_number_format(self, value: str) -> None:
        self.number_format = value

    @rx.event
    def set_reset_yearly(self, value: bool) -> None:
        self.reset_yearly = value

    @rx.event
    def set_prices_include_tax(self, value: bool) -> None:
        self.prices_include_tax = value

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        async with self:
            data = SettingsInput(
                **{name: form.get(name, "") for name in TYPED},
                country=self.country,
                currency=self.currency,
                locale=self.locale,
                number_format=self.number_format,
                number_reset_yearly=self.reset_yearly,
                prices_include_tax=self.prices_include_tax,
            )
        return await self._save(
            save_account_settings, data, "Settings saved.", AdminSettingsState.load
        )
