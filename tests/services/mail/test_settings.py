import dataclasses

import pytest
from sqlmodel import select

from billing_app.documents.email import DEFAULT_BODY, DEFAULT_SUBJECT
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.mail import MailSecurity
from billing_app.domain.roles import Role
from billing_app.models import AuditEvent, MailSettings
from billing_app.services.mail.settings import (
    MailSettingsInput,
    load_delivery,
    mail_settings,
    save_mail_settings,
    send_test_email,
)
from billing_app.services.secret_box import decrypt_secret
from tests import factories
from tests.mail_server import QUEUED
from tests.services.mail.conftest import SECRET_KEY, settings_for

GOOD = MailSettingsInput(
    host="smtp.example.com", port="587", security="starttls", username="mailer",
    password="first-secret", from_name="Rete Sicura", from_address="billing@retesicura.it",
    reply_to="ap@retesicura.it", bcc="archive@retesicura.it; copy@retesicura.it",
)  # fmt: skip


def test_before_anything_is_saved_the_page_suggests_starttls_and_the_company(session, admin):
    view = mail_settings(session, admin)
    assert not view.saved and not view.password_stored
    assert (view.values.port, view.values.security) == ("587", "starttls")
    assert (view.values.from_name, view.values.from_address) == (
        "Rete Sicura S.r.l.", "billing@retesicura.it")  # fmt: skip
    assert (view.values.subject_template, view.values.body_template) == (
        DEFAULT_SUBJECT, DEFAULT_BODY)  # fmt: skip


def test_a_good_save_stores_the_fields_and_the_password_encrypted_only(session, admin):
    save_mail_settings(session, admin, GOOD)
    row = session.get(MailSettings, 1)
    assert (row.host, row.port, row.security) == ("smtp.example.com", 587, MailSecurity.STARTTLS)
    assert row.bcc == "archive@retesicura.it, copy@retesicura.it"
    assert "first-secret" not in row.password_encrypted
    assert decrypt_secret(row.password_encrypted, SECRET_KEY) == "first-secret"
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "mail_settings_saved")).one()
    assert "host" in audit.details and "password changed" in audit.details
    assert "first-secret" not in audit.details + audit.from_value + audit.to_value


def test_the_view_never_carries_the_password_only_that_one_is_stored(session, admin):
    save_mail_settings(session, admin, GOOD)
    view = mail_settings(session, admin)
    assert view.saved and view.password_stored
    assert view.values.password == ""
    assert "first-secret" not in repr(view)
    assert "first-secret" not in repr(load_delivery(session))  # not even in a log line
    assert load_delivery(session).server.password == "first-secret"


def test_an_empty_password_keeps_the_stored_one_and_remove_clears_it(session, admin):
    save_mail_settings(session, admin, GOOD)
    save_mail_settings(session, admin, dataclasses.replace(GOOD, password="", port="2525"))
    assert load_delivery(session).server.password == "first-secret"
    assert load_delivery(session).server.port == 2525
    save_mail_settings(session, admin, dataclasses.replace(GOOD, password="second-secret"))
    assert load_delivery(session).server.password == "second-secret"
    save_mail_settings(session, admin, dataclasses.replace(GOOD, password="", remove_password=True))
    assert session.get(MailSettings, 1).password_encrypted is None
    assert not mail_settings(session, admin).password_stored


def test_saving_the_same_values_again_records_nothing(session, admin):
    save_mail_settings(session, admin, GOOD)
    save_mail_settings(session, admin, dataclasses.replace(GOOD, password=""))
    assert len(session.exec(select(AuditEvent)).all()) == 1


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("host", "", "Enter the mail server's name"),
        ("host", "smtp://mail.example.com", "no smtp://"),
        ("host", "mail.example.com:587", "no port"),
        ("host", "bad host", "'bad host' is not a server name"),
        ("port", "0", "1 to 65535"),
        ("port", "65536", "1 to 65535"),
        ("port", "smtp", "1 to 65535"),
        ("security", "ssl", "Choose STARTTLS, TLS or None"),
        ("security", "none", "never sent unencrypted"),
        ("from_address", "", "Enter the address invoices come from"),
        ("from_address", "billing-at-msp", "'billing-at-msp' is not an e-mail address"),
        ("from_address", "a@msp.it, b@msp.it", "one address only"),
        ("reply_to", "ap@", "'ap@' is not an e-mail address"),
        ("bcc", "archive@msp.it, nope", "'nope' is not an e-mail address"),
        ("subject_template", "Invoice {amount}", "{amount} is not a placeholder"),
        (
            "subject_template",
            "Invoice {number.__class__}",
            "{number.__class__} is not a placeholder",
        ),
        ("subject_template", "  ", "Write the subject"),
        ("subject_template", "Invoice\n{number}", "one line"),
        ("body_template", "Pay {total} by {due}", "{due} is not a placeholder"),
        ("from_name", "x" * 201, "At most 200 characters"),
    ],
)
def test_each_bad_field_gets_its_sentence_and_nothing_is_saved(session, admin, field, value, says):
    session.commit()
    with pytest.raises(FieldErrors) as error:
        save_mail_settings(session, admin, dataclasses.replace(GOOD, **{field: value}))
    assert list(error.value.fields) == [field]
    assert says in error.value.fields[field]
    session.rollback()
    assert session.get(MailSettings, 1) is None


def test_a_password_needs_a_user_and_cannot_be_removed_and_typed_at_once(session, admin):
    with pytest.raises(FieldErrors) as error:
        save_mail_settings(session, admin, dataclasses.replace(
            GOOD, username="", remove_password=True))  # fmt: skip
    assert set(error.value.fields) == {"username", "password"}


def test_the_placeholders_error_lists_the_ones_there_are(session, admin):
    with pytest.raises(FieldErrors) as error:
        save_mail_settings(session, admin, dataclasses.replace(GOOD, subject_template="{x}"))
    assert "{number}, {total}, {due_date}, {company} and {customer}" in error.value.fields[
        "subject_template"]  # fmt: skip


@pytest.mark.parametrize("role", [Role.BILLING, Role.TECHNICIAN, Role.READ_ONLY])
def test_only_an_admin_may_see_change_or_test_the_e_mail_settings(session, admin, smtp, role):
    other = factories.actor(factories.user(session, role))
    session.commit()  # a refusal is audited in a session of its own
    for attempt in (
        lambda: mail_settings(session, other),
        lambda: save_mail_settings(session, other, GOOD),
        lambda: send_test_email(session, other, settings_for(smtp), "me@retesicura.it"),
    ):
        with pytest.raises(BillingError) as error:
            attempt()
        assert error.value.code == "forbidden"
    assert session.get(MailSettings, 1) is None
    assert smtp.received == []


def test_a_test_e_mail_uses_the_typed_settings_and_returns_the_servers_reply(session, admin, smtp):
    reply = send_test_email(session, admin, settings_for(smtp), "me@retesicura.it")
    assert reply == QUEUED
    (message,) = smtp.received
    assert message.rcpt_tos == ["me@retesicura.it"]
    assert message.message["Subject"] == "Test e-mail from Rete Sicura S.r.l."
    assert session.get(MailSettings, 1) is None  # testing saves nothing


def test_a_test_e_mail_to_a_server_that_is_down_says_why(session, admin, smtp):
    down = settings_for(smtp, port=str(smtp.port + 1))
    with pytest.raises(BillingError) as error:
        send_test_email(session, admin, down, "me@retesicura.it")
    assert error.value.code == "mail_unreachable"
    assert f"127.0.0.1:{smtp.port + 1}" in error.value.message
    assert "refused" in error.value.message.lower()


def test_a_test_e_mail_needs_one_good_address(session, admin, smtp):
    for to, says in (("", "Enter the address"), ("nope", "'nope' is not"),
                     ("a@x.it, b@x.it", "one address")):  # fmt: skip
        with pytest.raises(FieldErrors) as error:
            send_test_email(session, admin, settings_for(smtp), to)
        assert says in error.value.fields["test_to"]
    assert smtp.received == []
