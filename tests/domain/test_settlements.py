import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from billing_app.domain.accounting import Provider
from billing_app.domain.settlements import (
    HandPayment,
    InvoiceMoney,
    Settlement,
    SettlementKind,
    plan_settlements,
)
from billing_app.domain.status import InvoiceStatus

D = Decimal
S = InvoiceStatus
PAY, CREDIT = SettlementKind.PAYMENT, SettlementKind.CREDIT
XERO = Provider.XERO


def money(status: S = S.SENT, paid: str = "0", total: str = "122.00") -> InvoiceMoney:
    return InvoiceMoney("2026-00001", status, D(total), D(paid), "EUR")


def remote(external_id: str, amount: str, day: int = 20, kind: SettlementKind = PAY) -> Settlement:
    return Settlement(external_id, kind, D(amount), dt.date(2026, 11, day))


def test_new_payments_are_recorded_in_date_order():
    settlements = [remote("b", "22.00", 21), remote("a", "100.00", 20)]
    plan = plan_settlements(money(), settlements, [], XERO)
    assert [p.external_id for p in plan.payments] == ["a", "b"]
    assert plan.conflicts == plan.notes == () and plan.refund is None


def test_payments_already_recorded_are_skipped():
    plan = plan_settlements(money(paid="100.00"), [remote("a", "100.00")], {"a"}, XERO)
    assert plan == plan_settlements(money(), [], [], XERO)


def test_a_payment_that_does_not_fit_the_balance_is_a_conflict_and_not_recorded():
    plan = plan_settlements(money(S.PAID, paid="122.00"), [remote("a", "122.00")], [], XERO)
    assert plan.payments == ()
    assert plan.conflicts == (
        "Invoice 2026-00001: the Xero payment of 122.00 EUR on 2026-11-20 is more than the "
        "balance due here (0.00 EUR), so it was not recorded; if it was recorded by hand "
        "already there is nothing to do, otherwise correct the payments.",
    )


def test_a_later_payment_that_still_fits_is_recorded_after_a_conflict():
    plan = plan_settlements(
        money(paid="100.00"), [remote("a", "50.00", 20), remote("b", "22.00", 21)], [], XERO
    )
    assert [p.external_id for p in plan.payments] == ["b"] and len(plan.conflicts) == 1


def test_credits_covering_the_total_of_a_paid_invoice_refund_it():
    credits = [remote("c1", "100.00", 22, CREDIT), remote("c2", "22.00", 23, CREDIT)]
    plan = plan_settlements(money(S.PAID, paid="122.00"), credits, [], XERO)
    assert plan.refund == credits[1] and plan.notes == ()


def test_payments_that_make_it_paid_then_a_full_credit_refund_it_in_one_plan():
    settlements = [remote("p", "122.00", 20), remote("c", "122.00", 21, CREDIT)]
    plan = plan_settlements(money(), settlements, [], XERO)
    assert [p.external_id for p in plan.payments] == ["p"] and plan.refund == settlements[1]


def test_a_partial_credit_is_reported_and_changes_nothing():
    plan = plan_settlements(money(S.PAID, paid="122.00"), [remote("c", "72", 21, CREDIT)], [], XERO)
    assert plan.refund is None and plan.payments == ()
    assert plan.notes == (
        "Invoice 2026-00001: Xero credited 72.00 EUR of 122.00 EUR; a partial credit changes "
        "nothing here, so record a payment or a refund by hand if one is due.",
    )


def test_a_full_credit_on_an_invoice_not_paid_here_is_reported_and_changes_nothing():
    plan = plan_settlements(money(S.EXPORTED), [remote("c", "122.00", 21, CREDIT)], [], XERO)
    assert plan.refund is None
    assert plan.notes == (
        "Invoice 2026-00001: Xero credited it in full (122.00 EUR) but it is Exported here, "
        "and only a Paid invoice can be refunded; record the payment first, then sync again.",
    )


def test_drafts_and_refunded_invoices_are_left_alone():
    for status in (S.DRAFT, S.REFUNDED):
        plan = plan_settlements(money(status), [remote("a", "10.00")], [], XERO)
        assert plan.payments == () and plan.conflicts == ()


amounts = st.decimals(min_value=D("0.01"), max_value=D("500"), places=2)


@given(st.lists(amounts, max_size=8), st.sampled_from(["0", "50.00", "122.00"]))
def test_recorded_payments_never_exceed_the_total_and_a_rerun_records_nothing(values, paid):
    settlements = [remote(f"p{n}", str(v), 1 + n % 28) for n, v in enumerate(values)]
    invoice = money(paid=paid)
    plan = plan_settlements(invoice, settlements, [], XERO)
    recorded = sum((p.amount for p in plan.payments), D(0))
    assert invoice.amount_paid + recorded <= invoice.total
    assert len(plan.payments) + len(plan.conflicts) == len(settlements)
    after = InvoiceMoney("2026-00001", S.SENT, invoice.total, invoice.amount_paid + recorded, "EUR")
    again = plan_settlements(after, settlements, {p.external_id for p in plan.payments}, XERO)
    assert again.payments == ()


def test_a_payment_recorded_by_hand_is_matched_by_amount_at_the_nearest_date_not_recorded():
    hand = [HandPayment(7, D("61.00"), dt.date(2026, 11, 1)),
            HandPayment(8, D("61.00"), dt.date(2026, 11, 19))]  # fmt: skip
    plan = plan_settlements(money(paid="122.00", status=S.PAID),
                            [remote("a", "61.00", 20)], [], XERO, hand)  # fmt: skip
    assert plan.matches == ((8, remote("a", "61.00", 20)),)
    assert plan.payments == () and plan.conflicts == ()


def test_each_hand_payment_is_matched_once_and_the_rest_is_recorded():
    hand = [HandPayment(7, D("61.00"), dt.date(2026, 11, 20))]
    plan = plan_settlements(money(paid="61.00"),
                            [remote("a", "61.00", 20), remote("b", "61.00", 21)], [], XERO,
                            hand)  # fmt: skip
    assert [(pid, r.external_id) for pid, r in plan.matches] == [(7, "a")]
    assert [p.external_id for p in plan.payments] == ["b"]


def test_a_hand_payment_of_another_amount_is_not_matched():
    hand = [HandPayment(7, D("60.00"), dt.date(2026, 11, 20))]
    plan = plan_settlements(money(paid="60.00"), [remote("a", "61.00")], [], XERO, hand)
    assert plan.matches == () and [p.external_id for p in plan.payments] == ["a"]
