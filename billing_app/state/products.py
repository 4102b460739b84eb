from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.money import format_money
from billing_app.domain.tax_rates import format_rate
from billing_app.services.account import account_currency_and_locale
from billing_app.services.products import (
    ProductInput,
    ProductRow,
    list_products,
    save_product,
)
from billing_app.services.tax_rates import tax_rate_options
from billing_app.state.base import AppState, call
from billing_app.state.paged_list import PagedListState
from billing_app.state.tax_choices import TaxChoices


class ProductView(TypedDict):
    id: int
    sku: str
    name: str
    price: str
    tax: str
    code: str
    active: bool
    raw_price: str
    raw_tax: str


def product_view(row: ProductRow, currency: str, locale: str) -> ProductView:
    return ProductView(
        id=row.id, sku=row.sku, name=row.name, price=format_money(row.unit_price, currency, locale),
        tax=format_rate(row.tax_rate, locale), code=row.accounting_item_code or "—",
        active=row.active, raw_price=format(row.unit_price.normalize(), "f"),
        raw_tax=format(row.tax_rate.normalize(), "f"),
    )  # fmt: skip


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


class ProductsState(PagedListState, TaxChoices, AppState):
    rows: list[ProductView] = []
    editing: int = -1  # -1 closed, 0 new, else the product's id
    form: dict[str, str] = {}
    field_errors: dict[str, str] = {}

    async def _fetch(self, search: str, page: int) -> tuple[list[ProductView], Any]:
        listed = await self.as_actor(list_products, search, page)
        currency, locale = await call(account_currency_and_locale)
        return [product_view(row, currency, locale) for row in listed.rows], listed

    @rx.event(background=True)
    async def open_editor(self, product: ProductView | None = None) -> Any:
        try:
            taxes = await self.as_actor(tax_rate_options)
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            self._keep_tax_options(taxes)
            self.field_errors = {}
            if product is None:
                self.editing, self.form = 0, {"tax_rate": self._offer_tax(None)}
                return None
            self.editing = product["id"]
            self.form = {
                "sku": product["sku"],
                "name": product["name"],
                "unit_price": product["raw_price"],
                "tax_rate": self._offer_tax(Decimal(product["raw_tax"])),
                "accounting_item_code": "" if product["code"] == "—" else product["code"],
            }
        return None

    @rx.event
    def close_editor(self, is_open: bool = False) -> None:
        if not is_open:
            self.editing = -1

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        price, tax = _decimal(form.get("unit_price", "")), _decimal(form.get("tax_rate", ""))
        wrong: dict[str, str] = {}
        if price is None:
            wrong["unit_price"] = "Write the price as a number, e.g. 89.90."
        if tax is None:
            wrong["tax_rate"] = "Choose the tax rate."
        if wrong or price is None or tax is None:
            async with self:
                self.field_errors = wrong
            return None
        data = ProductInput(
            sku=form.get("sku", ""),
            name=form.get("name", ""),
            unit_price=price,
            tax_rate=tax,
            accounting_item_code=form.get("accounting_item_code", ""),
        )
        async with self:
            product_id = self.editing or None
        if errors := await self.submit_form(save_product, product_id, data):
            async with self:
                self.field_errors = errors
            return None
        async with self:
            self.editing, self.field_errors = -1, {}
        return [rx.toast.success(f"Saved {data.name.strip()}."), ProductsState.load]
