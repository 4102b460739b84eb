"""The one connection row per provider, created on first use."""

from __future__ import annotations

from sqlmodel import Session, select

from billing_app.domain.accounting import Provider
from billing_app.models import AccountingConnection

ENTITY = "accounting_connection"  # in the audit trail


def connection_row(
    session: Session, provider: Provider, *, lock: bool = False
) -> AccountingConnection:
    query = select(AccountingConnection).where(AccountingConnection.provider == provider)
    row = session.exec(query.with_for_update() if lock else query).first()
    if row is None:
        row = AccountingConnection(provider=provider)
        session.add(row)
        session.flush()
    return row
