import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.status import (
    InvoiceStatus,
    Via,
    allowed_targets,
    can_transition,
    check_transition,
    leaves_draft,
)

S = InvoiceStatus
M = Via.MANUAL

# The table of DESIGN.md, read row by row: what a user may set by hand.
BY_HAND = {
    S.DRAFT: {S.ISSUED, S.SENT, S.EXPORTED, S.PAID},
    S.ISSUED: {S.SENT, S.EXPORTED},
    S.SENT: {S.EXPORTED, S.PAID},
    S.EXPORTED: {S.SENT, S.PAID},
    S.PAID: {S.SENT, S.EXPORTED},
    S.REFUNDED: set(),
}


@pytest.mark.parametrize("current", list(S))
def test_manual_targets_match_the_design_table(current):
    assert set(allowed_targets(current, M)) == BY_HAND[current]


def test_nothing_ever_goes_back_to_draft():
    for current in S:
        for via in Via:
            assert not can_transition(current, S.DRAFT, via)


def test_only_a_paid_invoice_can_be_refunded_and_only_by_a_refund():
    assert can_transition(S.PAID, S.REFUNDED, Via.PAYMENTS)
    assert can_transition(S.PAID, S.REFUNDED, Via.SYNC)
    assert not can_transition(S.PAID, S.REFUNDED, M)
    for current in (S.DRAFT, S.SENT, S.EXPORTED):
        assert not can_transition(current, S.REFUNDED, Via.PAYMENTS)


def test_payments_covering_the_total_mark_sent_or_exported_invoices_paid():
    assert can_transition(S.SENT, S.PAID, Via.PAYMENTS)
    assert can_transition(S.EXPORTED, S.PAID, Via.PAYMENTS)
    assert not can_transition(S.DRAFT, S.PAID, Via.PAYMENTS)


def test_an_issued_invoice_goes_out_by_sending_or_exporting_and_is_paid_only_by_payments():
    assert can_transition(S.DRAFT, S.ISSUED, Via.EXPORT)
    assert can_transition(S.DRAFT, S.ISSUED, Via.EMAIL)
    assert can_transition(S.ISSUED, S.EXPORTED, Via.EXPORT)
    assert can_transition(S.ISSUED, S.SENT, Via.EMAIL)
    assert can_transition(S.ISSUED, S.PAID, Via.PAYMENTS)
    assert not can_transition(S.ISSUED, S.PAID, M)


def test_sending_and_exporting_set_their_status():
    assert can_transition(S.DRAFT, S.SENT, Via.EMAIL)
    assert can_transition(S.EXPORTED, S.SENT, Via.EMAIL)
    assert can_transition(S.DRAFT, S.EXPORTED, Via.EXPORT)
    assert can_transition(S.SENT, S.EXPORTED, Via.EXPORT)


def test_refused_transition_explains_why_and_what_to_do():
    with pytest.raises(BillingError) as error:
        check_transition(S.SENT, S.DRAFT, M)
    assert error.value.code == "transition_refused"
    assert error.value.message == (
        "An invoice cannot go from Sent to Draft. An issued invoice never goes back to Draft; "
        "correct it with a credit note instead."
    )


def test_refunded_is_final():
    with pytest.raises(BillingError, match="refunded invoice is final"):
        check_transition(S.REFUNDED, S.PAID, M)


def test_a_transition_by_the_wrong_way_names_the_allowed_ways():
    with pytest.raises(BillingError, match="only by payments, sync"):
        check_transition(S.PAID, S.REFUNDED, M)


def test_setting_the_same_status_is_refused():
    with pytest.raises(BillingError) as error:
        check_transition(S.SENT, S.SENT, M)
    assert error.value.code == "same_status"


def test_only_leaving_draft_assigns_a_number():
    assert leaves_draft(S.DRAFT, S.SENT)
    assert not leaves_draft(S.SENT, S.PAID)
