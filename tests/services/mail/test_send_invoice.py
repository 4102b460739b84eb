import dataclasses
import io

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus, Via
from billing_app.models import AuditEvent, Invoice, NumberCounter
from billing_app.services.invoices.status import set_status
from billing_app.services.mail.send_invoice import (
    InvoiceEmail,
    invoice_email_draft,
    send_invoice,
)
from billing_app.services.payments import record_payment, refund_invoice
from tests import factories
from tests.mail_server import PASSWORD, QUEUED, USER, mail_server
from tests.services.mail.conftest import configure, draft_invoice

EMAIL = InvoiceEmail("ap@acme.test, cfo@acme.test", "Invoice {number} from {company}",
                     "Dear {customer}, {total} due on {due_date}.")  # fmt: skip


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def email_events(session, invoice_id):
    """What sending recorded: the invoice's audit events done by e-mail."""
    events = session.exec(select(AuditEvent).where(AuditEvent.invoice_id == invoice_id,
                                                   AuditEvent.via == Via.EMAIL)
                          .order_by(col(AuditEvent.id))).all()  # fmt: skip
    return [e.action for e in events]


def test_sending_a_draft_issues_it_and_delivers_the_pdf_to_every_recipient(
    session, admin, clerk, smtp
):
    configure(session, admin, smtp, bcc="archive@retesicura.it", reply_to="ap@retesicura.it")
    invoice_id = draft_invoice(session, clerk)
    sent = send_invoice(session, clerk, invoice_id, EMAIL)
    session.commit()

    invoice = session.get(Invoice, invoice_id)
    assert invoice.status is InvoiceStatus.SENT and invoice.number == sent.number
    assert (sent.status, sent.reply) == (InvoiceStatus.SENT, QUEUED)
    (received,) = smtp.received
    assert received.mail_from == "billing@retesicura.it"
    assert received.rcpt_tos == ["ap@acme.test", "cfo@acme.test", "archive@retesicura.it"]
    message = received.message
    assert message["To"] == "ap@acme.test, cfo@acme.test"
    assert "archive" not in str(message)  # the blind copy is in the envelope only
    assert message["From"] == "Rete Sicura <billing@retesicura.it>"
    assert message["Reply-To"] == "ap@retesicura.it"
    assert message["Subject"] == f"Invoice {sent.number} from Rete Sicura S.r.l."
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Dear Acme S.r.l., 1.506,09\xa0€ due on ")
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"invoice-{sent.number}.pdf"
    assert attachment.get_content_type() == "application/pdf"
    text = pdf_text(attachment.get_content())
    for expected in (sent.number, "Acme S.r.l.", "1.506,09"):
        assert expected in text
    assert email_events(session, invoice_id) == ["number_assigned", "status_changed",
                                                 "invoice_sent"]  # fmt: skip


@pytest.mark.parametrize("failure", ["server_down", "recipient_refused", "auth_refused"])
def test_a_failed_send_leaves_the_draft_unnumbered_and_says_why(
    session, admin, clerk, certificate, failure
):
    with mail_server(auth=True, starttls=certificate) as smtp:
        configure(session, admin, smtp, security="starttls", username=USER,
                  password="wrong" if failure == "auth_refused" else PASSWORD)  # fmt: skip
        invoice_id = draft_invoice(session, clerk)
        smtp.recorder.refuse.add("cfo@acme.test")
        port = smtp.port
        email = EMAIL if failure == "recipient_refused" else dataclasses.replace(
            EMAIL, recipients="ap@acme.test")  # fmt: skip
        if failure != "server_down":
            with pytest.raises(BillingError) as error:
                send_invoice(session, clerk, invoice_id, email, certificate.client_context())
            session.rollback()  # what the caller's transaction does with any error
            assert smtp.received == []
    if failure == "server_down":
        with pytest.raises(BillingError) as error:
            send_invoice(session, clerk, invoice_id, email, certificate.client_context())
        session.rollback()
    says = {"server_down": f"127.0.0.1:{port}", "recipient_refused": "cfo@acme.test",
            "auth_refused": "535"}[failure]  # fmt: skip
    assert says in error.value.message
    invoice = session.get(Invoice, invoice_id)
    assert (invoice.status, invoice.number) == (InvoiceStatus.DRAFT, None)
    assert session.exec(select(NumberCounter)).all() == []  # no number was taken, nor lost
    assert email_events(session, invoice_id) == []


def test_the_number_a_failed_send_did_not_take_goes_to_the_next_invoice_issued(
    session, admin, clerk, smtp
):
    configure(session, admin, smtp)
    smtp.recorder.refuse.add("ap@acme.test")
    first = draft_invoice(session, clerk)
    with pytest.raises(BillingError):
        send_invoice(session, clerk, first, EMAIL)
    session.rollback()
    second = draft_invoice(session, clerk, name="Beta S.p.A.")
    number = set_status(session, clerk, second, InvoiceStatus.SENT).number
    assert number.endswith("-00001")


def test_re_sending_a_sent_or_paid_invoice_sends_again_and_keeps_the_status(
    session, admin, clerk, smtp
):
    configure(session, admin, smtp)
    invoice_id = draft_invoice(session, clerk)
    first = send_invoice(session, clerk, invoice_id, EMAIL)
    session.commit()
    again = send_invoice(session, clerk, invoice_id, EMAIL)
    assert (again.number, again.status) == (first.number, InvoiceStatus.SENT)
    invoice = session.get(Invoice, invoice_id)
    record_payment(session, clerk, invoice_id, amount=invoice.total,
                   received_on=invoice.issue_date)  # fmt: skip
    paid = send_invoice(session, clerk, invoice_id, EMAIL)
    assert paid.status is InvoiceStatus.PAID
    assert len(smtp.received) == 3
    assert email_events(session, invoice_id) == ["number_assigned", "status_changed",
                                                 *["invoice_sent"] * 3]  # fmt: skip


def test_sending_an_exported_invoice_makes_it_sent_as_the_transition_table_says(
    session, admin, clerk, smtp
):
    configure(session, admin, smtp)
    invoice_id = draft_invoice(session, clerk)
    set_status(session, clerk, invoice_id, InvoiceStatus.EXPORTED, Via.EXPORT)
    assert send_invoice(session, clerk, invoice_id, EMAIL).status is InvoiceStatus.SENT


def test_a_refunded_invoice_is_not_sent(session, admin, clerk, smtp):
    configure(session, admin, smtp)
    invoice_id = draft_invoice(session, clerk)
    send_invoice(session, clerk, invoice_id, EMAIL)
    invoice = session.get(Invoice, invoice_id)
    record_payment(session, clerk, invoice_id, amount=invoice.total,
                   received_on=invoice.issue_date)  # fmt: skip
    refund_invoice(session, clerk, invoice_id, refunded_on=invoice.issue_date)
    with pytest.raises(BillingError) as error:
        send_invoice(session, clerk, invoice_id, EMAIL)
    assert error.value.code == "refunded_not_sent"
    assert len(smtp.received) == 1


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"recipients": " , "}, "recipients", "at least one recipient"),
        ({"recipients": "ap@acme.test, nope"}, "recipients", "'nope' is not an e-mail"),
        ({"subject": "Invoice {numero}"}, "subject", "{numero} is not a placeholder"),
        ({"body": "{total.real}"}, "body", "{total.real} is not a placeholder"),
        ({"body": " "}, "body", "Write the message"),
    ],
)
def test_a_bad_recipient_or_template_is_refused_before_anything_happens(
    session, admin, clerk, smtp, change, field, says
):
    configure(session, admin, smtp)
    invoice_id = draft_invoice(session, clerk)
    with pytest.raises(FieldErrors) as error:
        send_invoice(session, clerk, invoice_id, dataclasses.replace(EMAIL, **change))
    assert says in error.value.fields[field]
    assert smtp.received == []
    assert session.get(Invoice, invoice_id).number is None


def test_placeholder_values_are_inserted_as_text_never_read_as_placeholders(
    session, admin, clerk, smtp
):
    configure(session, admin, smtp)
    invoice_id = draft_invoice(session, clerk, name="{number} & {company} Ltd")
    send_invoice(session, clerk, invoice_id, dataclasses.replace(EMAIL, subject="For {customer}"))
    assert smtp.received[0].message["Subject"] == "For {number} & {company} Ltd"


def test_without_e_mail_settings_sending_says_who_sets_them_up(session, admin, clerk):
    invoice_id = draft_invoice(session, clerk)
    with pytest.raises(BillingError) as error:
        send_invoice(session, clerk, invoice_id, EMAIL)
    assert error.value.code == "mail_not_configured"
    assert "Admin > E-mail" in error.value.message


def test_the_dialog_starts_from_the_customers_addresses_and_the_templates(
    session, admin, clerk, smtp
):
    configure(session, admin, smtp, subject_template="Fattura {number}")
    invoice_id = draft_invoice(session, clerk, emails="ap@acme.test;cfo@acme.test")
    draft = invoice_email_draft(session, clerk, invoice_id)
    assert draft.email.recipients == "ap@acme.test, cfo@acme.test"
    assert draft.email.subject == "Fattura {number}"
    assert (draft.title, draft.issues) == ("Draft invoice", True)


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.READ_ONLY])
def test_only_roles_that_change_billing_may_send(session, admin, clerk, smtp, role):
    configure(session, admin, smtp)
    invoice_id = draft_invoice(session, clerk)
    other = factories.actor(factories.user(session, role))
    session.commit()
    for attempt in (lambda: send_invoice(session, other, invoice_id, EMAIL),
                    lambda: invoice_email_draft(session, other, invoice_id)):  # fmt: skip
        with pytest.raises(BillingError) as error:
            attempt()
        assert error.value.code == "forbidden"
    assert smtp.received == []
    assert session.get(Invoice, invoice_id).status is InvoiceStatus.DRAFT
