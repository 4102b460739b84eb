import datetime as dt
from enum import StrEnum


class Provider(StrEnum):
    XERO = "xero"
    QUICKBOOKS = "quickbooks"

    @property
    def label(self) -> str:
        return "Xero" if self is Provider.XERO else "QuickBooks Online"

    @property
    def refresh_token_lifetime(self) -> dt.timedelta:
        """How long an unused refresh token lives (Xero: 60 days, Intuit: 100 days)."""
        return dt.timedelta(days=60 if self is Provider.XERO else 100)


class ConnectionStatus(StrEnum):
    CONNECTED = "connected"
    EXPIRED = "expired"  # the refresh token ran out: Reconnect
    DISCONNECTED = "disconnected"
    REVOKED = "revoked"  # access was withdrawn at the provider: Reconnect


class ExportResult(StrEnum):
    SUCCESS = "success"
    FAILED = "failed"


def lapsed_status(
    provider: Provider, last_expiry: dt.datetime | None, now: dt.datetime
) -> ConnectionStatus:
    """Why a refresh token was refused: unused for longer than it lives → Expired, else the
    access was withdrawn at the provider → Revoked (both answer `invalid_grant`)."""
    if last_expiry is not None and now - last_expiry > provider.refresh_token_lifetime:
        return ConnectionStatus.EXPIRED
    return ConnectionStatus.REVOKED
