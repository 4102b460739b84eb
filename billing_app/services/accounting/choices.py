"""What the Mappings form offers: the connected organisation's accounts, tax codes and items,
read live from Xero or QuickBooks Online as plain (code, name) pairs.

QuickBooks books a sales line through an item (the item carries the income account), and the
payload builder sends `sales_account` as the line's ItemRef: so for QuickBooks the "sales"
choices are the sellable items, not the Income accounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from billing_app.domain.accounting import Provider
from billing_app.domain.roles import Permission
from billing_app.services.accounting.connections import ProviderAccess, access_for
from billing_app.services.accounting.qbo_client import QboCaller, QuickBooksAccess
from billing_app.services.accounting.xero_calls import XeroAccess, XeroCalls
from billing_app.services.actor import Actor
from billing_app.services.authorization import require

Choice = tuple[str, str]  # (the provider's code or id, its name)
XERO_SALES_TYPES = {"REVENUE", "SALES", "OTHERINCOME"}
QBO_PAYMENT_TYPES = ("Bank", "Other Current Asset")


@dataclass(frozen=True)
class ProviderChoices:
    sales_accounts: list[Choice]
    tax_codes: list[Choice]
    items: list[Choice]
    payment_accounts: list[Choice]


def _active(records: Iterable[Any], status: str = "Status") -> list[dict[str, Any]]:
    return [r for r in records if isinstance(r, dict) and r.get(status, "ACTIVE") == "ACTIVE"]


def _pairs(records: Iterable[dict[str, Any]], code: str, name: str) -> list[Choice]:
    found = {str(r[code]): str(r.get(name) or r[code]) for r in records if r.get(code)}
    return sorted(found.items(), key=lambda pair: pair[1].lower())


def _xero(access: ProviderAccess) -> ProviderChoices:
    calls = XeroCalls(XeroAccess.live(access))
    accounts = _active(calls.call("choices", "get_accounts").get("Accounts", []))
    rates = _active(calls.call("choices", "get_tax_rates").get("TaxRates", []))
    items = calls.call("choices", "get_items").get("Items", [])
    sales = [a for a in accounts if a.get("Type") in XERO_SALES_TYPES]
    paid_into = [a for a in accounts if a.get("Type") == "BANK" or a.get("EnablePaymentsToAccount")]
    revenue_rates = [r for r in rates if r.get("CanApplyToRevenue", True)]
    return ProviderChoices(
        sales_accounts=_pairs(sales, "Code", "Name"),
        tax_codes=_pairs(revenue_rates, "TaxType", "Name"),
        items=_pairs(items, "Code", "Name"),
        payment_accounts=_pairs(paid_into, "Code", "Name"),
    )


def _quickbooks(access: ProviderAccess) -> ProviderChoices:
    caller = QboCaller(QuickBooksAccess.live(access))

    def active(entity: str, where: str = "") -> list[dict[str, Any]]:
        found = caller.query(f"select * from {entity}{where} maxresults 1000").get(entity, [])
        return [r for r in found if isinstance(r, dict) and r.get("Active", True)]

    items = _pairs(active("Item"), "Id", "Name")
    kinds = ", ".join(f"'{kind}'" for kind in QBO_PAYMENT_TYPES)
    return ProviderChoices(
        sales_accounts=items,
        tax_codes=_pairs(active("TaxCode"), "Id", "Name"),
        items=items,
        payment_accounts=_pairs(
            active("Account", f" where AccountType in ({kinds})"), "Id", "Name"
        ),
    )


def mapping_choices(session: Session, actor: Actor, provider: Provider) -> ProviderChoices:
    """Raises BillingError when the provider is not connected or refuses (its own words)."""
    require(session, actor, Permission.MANAGE_SETTINGS, "see the accounting mappings")
    access = access_for(session, provider)
    return _xero(access) if provider is Provider.XERO else _quickbooks(access)
