"""The SMTP conversation against a real server: security modes, sign-in, refusals, timeouts."""

import socket
import threading

import pytest

from billing_app.documents.email import Sender, build_message
from billing_app.domain.errors import BillingError
from billing_app.domain.mail import MailSecurity
from billing_app.services.mail.delivery import SmtpServer, connected
from tests.mail_server import PASSWORD, QUEUED, USER, mail_server

MESSAGE = build_message(Sender("MSP", "billing@msp.test"), ["ap@acme.test"], "Hello", "Body\n")


def send(server: SmtpServer, ssl_context=None, to=("ap@acme.test",)) -> str:
    with connected(server, ssl_context) as connection:
        return connection.send(MESSAGE, "billing@msp.test", list(to))


def test_starttls_with_the_right_password_is_accepted(certificate):
    with mail_server(auth=True, starttls=certificate) as smtp:
        server = SmtpServer(smtp.host, smtp.port, MailSecurity.STARTTLS, USER, PASSWORD)
        assert send(server, certificate.client_context()) == QUEUED
        assert len(smtp.received) == 1


def test_starttls_with_a_wrong_password_is_refused_with_the_servers_reason(certificate):
    with mail_server(auth=True, starttls=certificate) as smtp:
        server = SmtpServer(smtp.host, smtp.port, MailSecurity.STARTTLS, USER, "wrong-password")
        with pytest.raises(BillingError) as error:
            send(server, certificate.client_context())
        assert error.value.code == "mail_auth_refused"
        assert "535" in error.value.message and "Admin > E-mail" in error.value.message
        assert smtp.received == []


def test_implicit_tls_with_a_password_is_accepted(certificate):
    with mail_server(auth=True, implicit_tls=certificate) as smtp:
        server = SmtpServer(smtp.host, smtp.port, MailSecurity.TLS, USER, PASSWORD)
        assert send(server, certificate.client_context()) == QUEUED


def test_an_untrusted_certificate_is_refused_by_default(certificate):
    """Without the test's context the system's authorities decide: a self-signed one fails."""
    with mail_server(implicit_tls=certificate) as smtp:
        with pytest.raises(BillingError) as error:
            send(SmtpServer(smtp.host, smtp.port, MailSecurity.TLS))
        assert error.value.code == "mail_tls_failed"
        assert "not trusted" in error.value.message


def test_starttls_asked_of_a_server_without_it_is_refused():
    with mail_server() as smtp:
        with pytest.raises(BillingError) as error:
            send(SmtpServer(smtp.host, smtp.port, MailSecurity.STARTTLS))
        assert error.value.code == "mail_no_starttls"
        assert smtp.received == []


def test_tls_asked_of_a_plain_server_fails_and_says_to_check_the_port():
    with mail_server() as smtp:
        with pytest.raises(BillingError) as error:
            send(SmtpServer(smtp.host, smtp.port, MailSecurity.TLS, timeout=3))
        assert error.value.code in ("mail_tls_failed", "mail_disconnected", "mail_timeout")
        assert "port" in error.value.message


def test_a_sign_in_the_server_does_not_offer_without_tls_is_explained(certificate):
    """The server offers AUTH only after STARTTLS; a plain connection cannot sign in."""
    with mail_server(auth=True, starttls=certificate) as smtp:
        with pytest.raises(BillingError) as error:
            send(SmtpServer(smtp.host, smtp.port, MailSecurity.NONE, USER, PASSWORD))
        assert error.value.code == "mail_unsupported"
        assert "STARTTLS or TLS" in error.value.message


def test_nothing_listening_is_reported_with_host_and_port():
    with mail_server() as smtp:
        port = smtp.port
    with pytest.raises(BillingError) as error:
        send(SmtpServer("127.0.0.1", port, MailSecurity.NONE))
    assert error.value.code == "mail_unreachable"
    assert f"127.0.0.1:{port}" in error.value.message


def test_an_unknown_host_name_is_reported():
    with pytest.raises(BillingError) as error:
        send(SmtpServer("no-such-host.invalid", 25, MailSecurity.NONE))
    assert error.value.code == "mail_unreachable"
    assert "no-such-host.invalid" in error.value.message


def test_a_server_that_never_answers_times_out_within_the_bound():
    silent = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(silent.accept()[0]), daemon=True).start()
    try:
        with pytest.raises(BillingError) as error:
            send(SmtpServer("127.0.0.1", silent.getsockname()[1], MailSecurity.NONE, timeout=0.5))
        assert error.value.code == "mail_timeout"
        assert "0.5 seconds" in error.value.message
    finally:
        for connection in accepted:
            connection.close()
        silent.close()


def test_one_refused_recipient_cancels_the_message_for_all():
    with mail_server() as smtp:
        smtp.recorder.refuse.add("gone@acme.test")
        server = SmtpServer(smtp.host, smtp.port, MailSecurity.NONE)
        with pytest.raises(BillingError) as error:
            send(server, to=("ap@acme.test", "gone@acme.test"))
        assert error.value.code == "mail_recipient_refused"
        assert "gone@acme.test" in error.value.message and "550" in error.value.message
        assert smtp.received == []
        assert send(server) == QUEUED  # the connection is usable again after the RSET
