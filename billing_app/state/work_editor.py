"""What the new/edit dialogs of tickets, time entries and expenses share: the customer and
contract pickers (contracts of the chosen customer) and the form with a message per field.

A mixin: each page state that uses it gets its own copy of these vars.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.services.work_refs import work_choices

NO_CONTRACT = "No contract"
T = TypeVar("T")


class WorkEditorState(rx.State, mixin=True):
    editing: int = -1  # -1 closed, 0 new, else the row's id
    form: dict[str, str] = {}
    field_errors: dict[str, str] = {}
    billable: bool = True
    choices: dict[str, list[str]] = {}
    chosen_customer: str = ""
    chosen_contract: str = NO_CONTRACT

    @rx.var
    def customer_options(self) -> list[str]:
        return list(self.choices)

    @rx.var
    def contract_options(self) -> list[str]:
        return [NO_CONTRACT, *self.choices.get(self.chosen_customer, [])]

    @rx.event
    def close_editor(self, is_open: bool = False) -> None:
        if not is_open:
            self.editing = -1

    @rx.event
    def set_billable(self, value: bool) -> None:
        self.billable = value

    @rx.event
    def choose_customer(self, name: str) -> None:
        self.chosen_customer, self.chosen_contract = name, NO_CONTRACT

    @rx.event
    def choose_contract(self, name: str) -> None:
        self.chosen_contract = name

    async def _open_form(self, editing: int, read: Any = None, *defaults: Any) -> str:
        """Fill the dialog from `read(*defaults)` (a use-case giving the row's input) or from
        `defaults[0]` for a new row; "" when it opened, else why not."""
        try:
            choices = await self.as_actor(work_choices)  # type: ignore[attr-defined]
            data = await self.as_actor(read, *defaults) if read else defaults[0]  # type: ignore[attr-defined]
        except BillingError as error:
            return error.message
        form = {k: str(v) for k, v in dataclasses.asdict(data).items()}
        async with self:
            self.choices, self.form, self.field_errors = choices, form, {}
            self.chosen_customer = form.get("customer", "")
            self.chosen_contract = form.get("contract") or NO_CONTRACT
            self.billable = form.get("billable", "yes") != "no"
            self.editing = editing
        return ""

    async def _save(
        self, input_type: type[T], create: Any, update: Any, form: dict[str, str]
    ) -> T | None:
        """Create or change the row being edited; the input when saved, None when a field
        is wrong (its message is then shown next to it)."""
        async with self:
            row_id, data = self.editing, as_input(input_type, self._picked(form))
        submit = self.submit_form  # type: ignore[attr-defined]
        errors = await (submit(update, row_id, data) if row_id else submit(create, data))
        async with self:
            self.field_errors = errors
            if not errors:
                self.editing = -1
        return None if errors else data

    def _picked(self, form: dict[str, str]) -> dict[str, str]:
        """The typed fields plus what the pickers and the checkbox hold."""
        contract = "" if self.chosen_contract == NO_CONTRACT else self.chosen_contract
        return form | {
            "customer": self.chosen_customer,
            "contract": contract,
            "billable": "yes" if self.billable else "no",
        }


def as_input(input_type: type[T], values: dict[str, str]) -> T:
    """The use-case's input from a form's values (fields the form lacks keep their default)."""
    names = {f.name for f in dataclasses.fields(input_type)}  # type: ignore[arg-type]
    return input_type(**{k: v for k, v in values.items() if k in names})
