"""Admin > Accounting: the Mappings form of each connected provider (read live from it)."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError
from billing_app.integrations.export_invoice import XeroStatus
from billing_app.services.accounting.choices import Choice
from billing_app.services.accounting.connections import connection_views
from billing_app.services.accounting.mapping_form import (
    MappingForm,
    mapping_form,
    save_mapping_form,
)
from billing_app.services.accounting.mappings import MappingsInput
from billing_app.state.base import AppState

NONE = "-"  # a select's "nothing chosen" (a Radix select item cannot have the value "")


class Option(TypedDict):
    value: str
    label: str


class MappedRow(TypedDict):
    field: str  # the form field's name: tax_<rate key> or item_<item code>
    label: str  # our rate or product
    value: str  # the provider's code chosen, or NONE


class FormView(TypedDict):
    provider: str
    label: str
    is_xero: bool
    error: str  # the provider could not be read: no form
    sales_account: str
    payment_account: str
    xero_status: str
    use_our_number: bool
    auto_export: bool
    taxes: list[MappedRow]
    items: list[MappedRow]
    sales_choices: list[Option]
    tax_choices: list[Option]
    item_choices: list[Option]
    payment_choices: list[Option]


def _options(pairs: list[Choice]) -> list[Option]:
    return [Option(value=code, label=f"{name} ({code})" if name != code else code)
            for code, name in pairs]  # fmt: skip


def _view(form: MappingForm) -> FormView:
    saved, offered = form.saved, form.choices
    return FormView(
        provider=form.provider.value, label=form.provider.label,
        is_xero=form.provider is Provider.XERO, error="",
        sales_account=saved.sales_account or NONE,
        payment_account=saved.payment_account or NONE,
        xero_status=saved.xero_status.value, use_our_number=saved.use_our_number,
        auto_export=saved.auto_export,
        taxes=[MappedRow(field=f"tax_{r.value}", label=r.label,
                         value=saved.tax_codes.get(r.value, NONE)) for r in form.tax_rates],
        items=[MappedRow(field=f"item_{code}", label=name, value=saved.items.get(code, NONE))
               for code, name in form.products],
        sales_choices=_options(offered.sales_accounts), tax_choices=_options(offered.tax_codes),
        item_choices=_options(offered.items), payment_choices=_options(offered.payment_accounts),
    )  # fmt: skip


def _failed(provider: Provider, message: str) -> FormView:
    return FormView(provider=provider.value, label=provider.label, is_xero=False, error=message,
                    sales_account=NONE, payment_account=NONE, xero_status="", use_our_number=True,
                    auto_export=False, taxes=[], items=[], sales_choices=[], tax_choices=[],
                    item_choices=[], payment_choices=[])  # fmt: skip


def _chosen(value: str | None) -> str:
    return "" if value in (None, NONE) else str(value)


def typed_mappings(form: dict[str, Any]) -> MappingsInput:
    """What the form sent: the selects' values, the checkboxes' "on"."""

    def prefixed(prefix: str) -> dict[str, str]:
        return {name.removeprefix(prefix): _chosen(value) for name, value in form.items()
                if name.startswith(prefix) and _chosen(value)}  # fmt: skip

    status = form.get("xero_status", XeroStatus.AUTHORISED.value)
    return MappingsInput(
        sales_account=_chosen(form.get("sales_account")), tax_codes=prefixed("tax_"),
        items=prefixed("item_"), payment_account=_chosen(form.get("payment_account")),
        xero_status=XeroStatus(status) if status in set(XeroStatus) else XeroStatus.AUTHORISED,
        use_our_number=bool(form.get("use_our_number")), auto_export=bool(form.get("auto_export")),
    )  # fmt: skip


class AccountingMappingsState(AppState):
    forms: dict[str, FormView] = {}  # by provider: the connected ones
    loading: bool = True
    errors: dict[str, str] = {}  # "<provider>:<field>" → its message
    saving: str = ""

    @rx.event(background=True)
    async def load(self) -> Any:
        async with self:  # the selects read their saved value when they mount: remount them
            self.loading = True
        try:
            views = await self.as_actor(connection_views)
        except BillingError as error:
            return rx.toast.error(error.message)
        forms: dict[str, FormView] = {}
        for view in views:
            if view.status is not ConnectionStatus.CONNECTED or view.needs_tenant:
                continue
            try:
                forms[view.provider.value] = _view(await self.as_actor(mapping_form, view.provider))
            except BillingError as error:
                forms[view.provider.value] = _failed(view.provider, error.message)
        async with self:
            self.forms, self.loading, self.errors = forms, False, {}
        return None

    @rx.event(background=True)
    async def save(self, provider: str, form: dict[str, Any]) -> Any:
        async with self:
            self.saving = provider
        errors = await self.submit_form(save_mapping_form, Provider(provider), typed_mappings(form))
        async with self:
            self.saving = ""
            self.errors = {f"{provider}:{field}": text for field, text in errors.items()}
        if errors:
            return rx.toast.error(errors.get("form", "Some mappings need fixing; see below."))
        return rx.toast.success(f"Saved the {Provider(provider).label} mappings.")
