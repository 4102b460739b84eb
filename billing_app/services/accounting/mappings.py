"""The mappings of a connection, as stored in AccountingConnection.mappings (JSON):

    {"sales_account": "200",                    # Xero account code / QuickBooks item or account
     "tax_codes": {"22": "OUTPUT2"},            # our rate (domain.tax_rates.rate_key) → code
     "items": {"SKU-1": "ITEM-1"},              # our product item code → provider item
     "payment_account": "090",                  # where synced payments land
     "xero_status": "AUTHORISED",               # or "DRAFT" (Xero only)
     "use_our_number": true}                    # false: the provider numbers the invoice

`auto_export` is a column of its own. Unknown keys are ignored, missing ones take defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.integrations.export_invoice import ExportMappings, XeroStatus
from billing_app.models import AccountingConnection
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require


@dataclass(frozen=True)
class MappingsInput:
    sales_account: str = ""
    tax_codes: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    payment_account: str = ""
    xero_status: XeroStatus = XeroStatus.AUTHORISED
    use_our_number: bool = True
    auto_export: bool = False


def _codes(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v) for k, v in raw.items() if str(k).strip() and str(v).strip()}


def mappings_input(connection: AccountingConnection) -> MappingsInput:
    stored = connection.mappings or {}
    status = stored.get("xero_status", XeroStatus.AUTHORISED.value)
    return MappingsInput(
        sales_account=str(stored.get("sales_account", "")),
        tax_codes=_codes(stored.get("tax_codes")),
        items=_codes(stored.get("items")),
        payment_account=str(stored.get("payment_account", "")),
        xero_status=XeroStatus(status) if status in set(XeroStatus) else XeroStatus.AUTHORISED,
        use_our_number=bool(stored.get("use_our_number", True)),
        auto_export=connection.auto_export,
    )


def mappings_of(connection: AccountingConnection) -> ExportMappings:
    """What the payload builders need, from the stored JSON."""
    values = mappings_input(connection)
    return ExportMappings(
        provider=connection.provider,
        sales_account=values.sales_account,
        tax_codes=values.tax_codes,
        items=values.items,
        xero_status=values.xero_status,
        use_our_number=values.use_our_number,
    )


def save_mappings(session: Session, actor: Actor, provider: Provider, data: MappingsInput) -> None:
    require(session, actor, Permission.MANAGE_SETTINGS, "change the accounting mappings")
    row = session.exec(
        select(AccountingConnection).where(AccountingConnection.provider == provider)
    ).first()
    if row is None:
        raise BillingError("not_connected", f"Connect {provider.label} before mapping anything.")
    row.mappings = {
        "sales_account": data.sales_account.strip(),
        "tax_codes": _codes(data.tax_codes),
        "items": _codes(data.items),
        "payment_account": data.payment_account.strip(),
        "xero_status": data.xero_status.value,
        "use_our_number": data.use_our_number,
    }
    row.auto_export = data.auto_export
    session.add(row)
    record_audit(session, actor, "accounting_mappings_saved", entity="accounting_connection",
                 entity_id=row.id, details=provider.label)  # fmt: skip
