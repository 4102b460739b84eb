"""The tax select of a form: the named rates, and the row's own rate when none of them has it
(shown as "21% (custom)", so saving the form keeps it)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict

import reflex as rx

from billing_app.domain.tax_rates import RateChoice, custom_choice, rate_key
from billing_app.services.tax_rates import TaxRateOptions


class ChoiceView(TypedDict):
    value: str  # the rate, plain: what the form sends
    label: str


def choice_views(choices: Iterable[RateChoice]) -> list[ChoiceView]:
    return [ChoiceView(value=choice.value, label=choice.label) for choice in choices]


class TaxChoices(rx.State, mixin=True):
    named_taxes: list[ChoiceView] = []  # the rates not archived, in the admin's order
    tax_choices: list[ChoiceView] = []  # what the open form offers
    default_tax: str = "0"
    _tax_options: TaxRateOptions = TaxRateOptions([], "0", "en_US")

    def _keep_tax_options(self, options: TaxRateOptions) -> None:
        self._tax_options = options
        self.named_taxes = choice_views(options.choices)
        self.default_tax = options.default
        self.tax_choices = self.named_taxes

    def _custom_tax(self, rate: Decimal) -> RateChoice | None:
        return custom_choice(rate, self._tax_options.choices, self._tax_options.locale)

    def _offer_tax(self, rate: Decimal | None) -> str:
        """Fill `tax_choices` for a form showing `rate` (None: a new row, which starts with
        the default); the value to select."""
        key = self.default_tax if rate is None else rate_key(rate)
        custom = self._custom_tax(Decimal(key))
        self.tax_choices = [*self.named_taxes, *choice_views([custom] if custom else [])]
        return key
