"""The one connection row per provider, created on first use."""

from __future__ import annotations

from sqlmodel import Session, select

from billing_app.domain.accounting import ConnectionStatus, Provider
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


def live_connections(session: Session) -> list[AccountingConnection]:
    """The connections a push can use now: connected, with the organisation chosen."""
    rows = session.exec(select(AccountingConnection)).all()
    return [r for r in rows if r.status is ConnectionStatus.CONNECTED and r.tenant_id]
