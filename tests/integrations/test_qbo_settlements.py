import datetime as dt
from decimal import Decimal

from billing_app.domain.settlements import Settlement, SettlementKind
from billing_app.integrations.qbo_settlements import linked_payment_ids, qbo_settlements

D = Decimal
PAY, CREDIT = SettlementKind.PAYMENT, SettlementKind.CREDIT
DAY = dt.date(2026, 12, 1)


def line(amount: str, txn_id: str, txn_type: str) -> dict[str, object]:
    return {"Amount": amount, "LinkedTxn": [{"TxnId": txn_id, "TxnType": txn_type}]}


def test_one_payment_over_two_invoices_gives_one_share_each():
    payment = {"Id": "90", "TxnDate": "2026-12-01", "TotalAmt": 150,
               "Line": [line("100", "11", "Invoice"), line("50", "12", "Invoice")]}  # fmt: skip
    assert qbo_settlements([payment]) == {
        "11": [Settlement("90:11", PAY, D(100), DAY)],
        "12": [Settlement("90:12", PAY, D(50), DAY)],
    }


def test_credit_memo_lines_in_the_payment_count_as_credit_first_then_cash():
    payment = {"Id": "91", "TxnDate": "2026-12-01", "TotalAmt": 80,
               "Line": [line("100", "11", "Invoice"), line("50", "12", "Invoice"),
                        line("70", "30", "CreditMemo")]}  # fmt: skip
    assert qbo_settlements([payment]) == {
        "11": [
            Settlement("91:11", PAY, D(30), DAY),
            Settlement("91:11:credit", CREDIT, D(70), DAY),
        ],
        "12": [Settlement("91:12", PAY, D(50), DAY)],
    }


def test_an_invoice_lists_only_its_payments():
    invoice = {"LinkedTxn": [{"TxnId": "90", "TxnType": "Payment"},
                             {"TxnId": "5", "TxnType": "Estimate"}]}  # fmt: skip
    assert linked_payment_ids(invoice) == ["90"]
