import pytest

from billing_app.domain.errors import BillingError
from billing_app.domain.mail import MailSecurity, status_after_sending
from billing_app.domain.status import InvoiceStatus

S = InvoiceStatus


@pytest.mark.parametrize(
    ("current", "after"),
    [(S.DRAFT, S.SENT), (S.EXPORTED, S.SENT), (S.SENT, S.SENT), (S.PAID, S.PAID)],
)
def test_sending_moves_drafts_and_exported_invoices_to_sent_and_leaves_the_others(current, after):
    assert status_after_sending(current) is after


def test_a_refunded_invoice_is_never_sent():
    with pytest.raises(BillingError) as error:
        status_after_sending(S.REFUNDED)
    assert error.value.code == "refunded_not_sent"


def test_each_security_has_its_label_and_usual_port():
    assert [(s.label, s.usual_port) for s in MailSecurity] == [
        ("STARTTLS", 587), ("TLS", 465), ("None", 25)]  # fmt: skip
