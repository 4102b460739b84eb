"""The Mappings form of one connected provider: what it offers, what was saved, and the check
that every chosen code is one the provider offers before `save_mappings` stores it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import FieldErrors
from billing_app.domain.tax_rates import RateChoice
from billing_app.models import AccountingConnection, Product
from billing_app.services.accounting.choices import Choice, ProviderChoices, mapping_choices
from billing_app.services.accounting.mappings import MappingsInput, mappings_input, save_mappings
from billing_app.services.actor import Actor
from billing_app.services.tax_rates import tax_rate_options


@dataclass(frozen=True)
class MappingForm:
    provider: Provider
    choices: ProviderChoices
    saved: MappingsInput
    tax_rates: list[RateChoice]  # our named rates: value is the rate key the mapping uses
    products: list[Choice]  # (the product's accounting item code, "SKU · name")


def _products(session: Session) -> list[Choice]:
    rows = session.exec(
        select(Product.accounting_item_code, Product.sku, Product.name)
        .where(col(Product.active), col(Product.accounting_item_code) != "")
        .order_by(col(Product.name))
    ).all()
    return [(code, f"{sku} · {name}") for code, sku, name in rows]


def mapping_form(session: Session, actor: Actor, provider: Provider) -> MappingForm:
    choices = mapping_choices(session, actor, provider)  # checks the permission
    row = session.exec(
        select(AccountingConnection).where(AccountingConnection.provider == provider)
    ).one()
    return MappingForm(provider, choices, mappings_input(row),
                       tax_rate_options(session, actor).choices, _products(session))  # fmt: skip


def _one_of(value: str, offered: list[Choice], what: str, provider: Provider) -> str:
    if value and value not in {code for code, _ in offered}:
        return f"{provider.label} has no {what} '{value}' (any more); pick one from the list."
    return ""


def check_mappings(data: MappingsInput, form: MappingForm) -> dict[str, str]:
    """A message per wrong field: the sales account and every named rate are needed to export."""
    label, offered = form.provider.label, form.choices
    errors = {"sales_account": _one_of(data.sales_account, offered.sales_accounts,
                                       "sales account", form.provider)}  # fmt: skip
    if not data.sales_account:
        errors["sales_account"] = f"Choose where sales are booked in {label}."
    for rate in form.tax_rates:
        code = data.tax_codes.get(rate.value, "")
        errors[f"tax_{rate.value}"] = (
            _one_of(code, offered.tax_codes, "tax code", form.provider)
            if code
            else f"Choose the {label} tax code for {rate.label}."
        )
    for item_code, _ in form.products:
        errors[f"item_{item_code}"] = _one_of(
            data.items.get(item_code, ""), offered.items, "item", form.provider
        )
    errors["payment_account"] = _one_of(
        data.payment_account, offered.payment_accounts, "payment account", form.provider
    )
    return {field: message for field, message in errors.items() if message}


def save_mapping_form(
    session: Session, actor: Actor, provider: Provider, data: MappingsInput
) -> None:
    """Checked against the provider's live lists; nothing is saved when one field is wrong."""
    form = mapping_form(session, actor, provider)
    if errors := check_mappings(data, form):
        raise FieldErrors("mappings_invalid", errors)
    save_mappings(session, actor, provider, data)
