from decimal import Decimal

from billing_app.domain.payments import PaymentSource, balance_due
from billing_app.domain.status import InvoiceStatus


def test_money_synced_back_says_which_accounting_system_it_came_from():
    assert PaymentSource.XERO.via == "via Xero"
    assert PaymentSource.QUICKBOOKS.via == "via QuickBooks Online"
    assert PaymentSource.MANUAL.via == ""


def test_a_refunded_invoice_owes_nothing_and_any_other_owes_the_rest():
    assert balance_due(Decimal("122.00"), Decimal("22.00"), InvoiceStatus.SENT) == Decimal("100")
    assert balance_due(Decimal("122.00"), Decimal("0"), InvoiceStatus.REFUNDED) == 0
