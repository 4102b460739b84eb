from enum import StrEnum


class Provider(StrEnum):
    XERO = "xero"
    QUICKBOOKS = "quickbooks"

    @property
    def label(self) -> str:
        return "Xero" if self is Provider.XERO else "QuickBooks Online"


class ConnectionStatus(StrEnum):
    CONNECTED = "connected"
    EXPIRED = "expired"
    DISCONNECTED = "disconnected"


class ExportResult(StrEnum):
    SUCCESS = "success"
    FAILED = "failed"
