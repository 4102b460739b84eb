import datetime as dt
from decimal import Decimal

from billing_app.domain.settlements import Settlement, SettlementKind
from billing_app.integrations.xero_settlements import xero_date, xero_settlements


def test_xero_dates_read_as_days_ms_or_iso():
    fallback = dt.date(2000, 1, 1)
    assert xero_date("/Date(1764547200000+0000)/", fallback) == dt.date(2025, 12, 1)
    assert xero_date("2026-12-01T00:00:00", fallback) == dt.date(2026, 12, 1)
    assert xero_date(None, fallback) == fallback


def test_payments_and_credit_allocations_of_an_invoice_are_exact_decimals():
    record = {
        "Date": "2026-11-30",
        "Payments": [{"PaymentID": "p-1", "Date": "2026-12-01", "Amount": 50.1}],
        "CreditNotes": [{"CreditNoteID": "c-1", "AppliedAmount": 71.9}],
    }
    assert xero_settlements(record, 7) == [
        Settlement("p-1", SettlementKind.PAYMENT, Decimal("50.1"), dt.date(2026, 12, 1)),
        Settlement("c-1:7", SettlementKind.CREDIT, Decimal("71.9"), dt.date(2026, 11, 30)),
    ]
