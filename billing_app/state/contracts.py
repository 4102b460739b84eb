from __future__ import annotations

from decimal import Decimal
from typing import Any

import reflex as rx

from billing_app.domain.contract_form import ContractForm, UnitLineText
from billing_app.domain.contracts import ContractType
from billing_app.domain.errors import BillingError
from billing_app.services.account import account_locale
from billing_app.services.contract_listing import contract_form, list_contracts
from billing_app.services.contracts import save_contract, set_contract_active
from billing_app.services.customers import customer_choices
from billing_app.services.tax_rates import tax_rate_options
from billing_app.state.base import AppState, call
from billing_app.state.contract_views import (
    ALL_TYPES,
    CHOICES,
    TEXT_FIELDS,
    ContractView,
    UnitLineView,
    choice_labels,
    choice_values,
    contract_view,
    unit_line_views,
)
from billing_app.state.paged_list import PagedListState
from billing_app.state.tax_choices import TaxChoices

NEW_CONTRACT = ContractForm(type=ContractType.RETAINER.value)


class ContractsState(PagedListState, TaxChoices, AppState):
    rows: list[ContractView] = []
    type_filter: str = ALL_TYPES
    may_change: bool = False
    editing: int = -1  # -1 closed, 0 new, else the contract's id
    form: dict[str, str] = {}  # the text fields' values when the dialog opens
    choices: dict[str, str] = {}  # each select's label, "customer" included
    taxable: bool = True
    rollover: bool = False
    unit_lines: list[UnitLineView] = []
    customers: list[str] = []
    field_errors: dict[str, str] = {}
    _customer_ids: dict[str, int] = {}
    _new_lines: int = 0

    @rx.var
    def kind(self) -> str:
        return CHOICES["type"].get(self.choices.get("type", ""), "")

    async def _fetch(self, search: str, page: int) -> tuple[list[ContractView], Any]:
        async with self:
            kind = next((k for k in ContractType if k.label == self.type_filter), None)
        listed = await self.as_actor(list_contracts, search=search, kind=kind, page=page)
        locale = await call(account_locale)
        async with self:
            self.may_change = listed.may_change
        return [contract_view(row, locale) for row in listed.rows], listed

    @rx.event
    def choose_type_filter(self, label: str) -> Any:
        self.type_filter, self.page = label, 0
        return ContractsState.load

    @rx.event(background=True)
    async def open_editor(self, contract_id: int = 0, customer: str = "") -> Any:
        try:
            customers = await self.as_actor(customer_choices)
            taxes = await self.as_actor(tax_rate_options)
            form = await self.as_actor(contract_form, contract_id) if contract_id else NEW_CONTRACT
        except BillingError as error:
            return rx.toast.error(error.message)
        ids = {name: customer_id for customer_id, name in customers}
        if form.customer_id is not None and form.customer_id not in ids.values():
            ids[customer] = form.customer_id  # an inactive customer's contract
        async with self:
            self._customer_ids, self.customers = ids, list(ids)
            self._keep_tax_options(taxes)
            rate = self._offer_tax(Decimal(form.tax_rate) if form.tax_rate else None)
            self.form = {field: getattr(form, field) for field in TEXT_FIELDS} | {"tax_rate": rate}
            self.choices = choice_labels(form) | {"customer": customer}
            self.taxable, self.rollover = form.taxable, form.rollover
            self.unit_lines, self.field_errors = unit_line_views(form), {}
            self.editing = contract_id
        return None

    @rx.event
    def close_editor(self, is_open: bool = False) -> None:
        if not is_open:
            self.editing = -1

    @rx.event
    def choose(self, field: str, label: str) -> None:
        self.choices = {**self.choices, field: label}

    @rx.event
    def set_taxable(self, value: bool) -> None:
        self.taxable = value

    @rx.event
    def set_rollover(self, value: bool) -> None:
        self.rollover = value

    @rx.event
    def add_unit_line(self) -> None:
        self._new_lines += 1
        self.unit_lines = [*self.unit_lines, UnitLineView(
            key=f"new-{self._new_lines}", id=0, name="", unit_price="", quantity="")]  # fmt: skip

    @rx.event
    def remove_unit_line(self, key: str) -> None:
        self.unit_lines = [line for line in self.unit_lines if line["key"] != key]
        self.field_errors = {}  # the rows' messages are by position: they no longer fit

    def _typed(self, form: dict[str, str]) -> ContractForm:
        lines = tuple(
            UnitLineText(id=line["id"] or None, name=form.get(f"line_name_{line['key']}", ""),
                         unit_price=form.get(f"line_unit_price_{line['key']}", ""),
                         quantity=form.get(f"line_quantity_{line['key']}", ""))
            for line in self.unit_lines
        )  # fmt: skip
        return ContractForm(
            customer_id=self._customer_ids.get(self.choices.get("customer", "")),
            **{field: form.get(field, "") for field in TEXT_FIELDS},
            **choice_values(self.choices), taxable=self.taxable, rollover=self.rollover,
            unit_lines=lines,
        )  # fmt: skip

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        async with self:
            contract_id, typed = self.editing or None, self._typed(form)
        if errors := await self.submit_form(save_contract, contract_id, typed):
            async with self:
                self.field_errors = errors
            return None
        async with self:
            self.editing, self.field_errors = -1, {}
        return [rx.toast.success(f"Saved {typed.name.strip()}."), ContractsState.load]

    @rx.event(background=True)
    async def set_active(self, contract_id: int, active: bool) -> Any:
        try:
            name = await self.as_actor(set_contract_active, contract_id, active)
        except BillingError as error:
            return rx.toast.error(error.message)
        done = "reactivated" if active else "deactivated: batches no longer bill it"
        return [rx.toast.success(f"{name} {done}."), ContractsState.load]
