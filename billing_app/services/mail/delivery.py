"""Talking to the mail server: connect with the chosen security, sign in, hand over a message.

Every wait is bounded by the server's timeout, and every failure becomes a BillingError
that carries the server's own reason. A message goes out only when the server accepted
every recipient: one refused recipient cancels the whole message (RSET), so an invoice
is never half-sent.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8

from billing_app.domain.errors import BillingError
from billing_app.domain.mail import MailSecurity

TIMEOUT_SECONDS = 15.0
# failures of the server or its settings, not of one message: sending more will fail alike
SERVER_FAILURES = frozenset({
    "mail_unreachable", "mail_timeout", "mail_tls_failed", "mail_no_starttls",
    "mail_auth_refused", "mail_unsupported", "mail_disconnected", "mail_sender_refused",
})  # fmt: skip


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: MailSecurity
    username: str = ""
    password: str = field(default="", repr=False)
    timeout: float = TIMEOUT_SECONDS

    @property
    def where(self) -> str:
        return f"the mail server {self.host}:{self.port}"


def _reply(code: int, text: bytes | str) -> str:
    message = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(message.split())}".strip()


def _smtp_failure(server: SmtpServer, error: smtplib.SMTPException) -> BillingError:
    where = server.where
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return BillingError("mail_auth_refused", f"{where.capitalize()} refused the user name or "
                            f"password ({_reply(error.smtp_code, error.smtp_error)}); check them "
                            "in Admin > E-mail.")  # fmt: skip
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        address, (code, text) = next(iter(error.recipients.items()))
        return BillingError("mail_recipient_refused", f"{where.capitalize()} refused the "
                            f"recipient {address} ({_reply(code, text)}); nothing was sent. "
                            "Check the address.")  # fmt: skip
    if isinstance(error, smtplib.SMTPSenderRefused):
        return BillingError("mail_sender_refused", f"{where.capitalize()} refused the sender "
                            f"{error.sender} ({_reply(error.smtp_code, error.smtp_error)}); check "
                            "the From address in Admin > E-mail.")  # fmt: skip
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return BillingError("mail_unsupported", f"{where.capitalize()} does not offer what was "
                            f"asked on this connection ({error}); most servers let you sign in "
                            "only over STARTTLS or TLS.")  # fmt: skip
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return BillingError("mail_disconnected", f"{where.capitalize()} closed the connection "
                            f"({error or 'without a reason'}); check that the security matches "
                            "the port (STARTTLS: 587, TLS: 465).")  # fmt: skip
    if isinstance(error, smtplib.SMTPResponseException):
        return BillingError(
            "mail_refused",
            f"{where.capitalize()} refused the message "
            f"({_reply(error.smtp_code, error.smtp_error)}); nothing was sent.",
        )
    return BillingError("mail_failed", f"{where.capitalize()} failed: {error}.")


def _failure(server: SmtpServer, error: OSError) -> BillingError:
    where = server.where
    if isinstance(error, smtplib.SMTPServerDisconnected) and isinstance(
        error.__context__, TimeoutError
    ):  # smtplib reports a read that timed out as a closed connection
        error = error.__context__
    if isinstance(error, smtplib.SMTPException):
        return _smtp_failure(server, error)
    if isinstance(error, ssl.SSLCertVerificationError):
        return BillingError("mail_tls_failed", f"The certificate of {where} is not trusted "
                            f"({error.verify_message}); check the host name, or ask your "
                            "provider for the right server name.")  # fmt: skip
    if isinstance(error, ssl.SSLError):
        return BillingError("mail_tls_failed", f"The encrypted connection to {where} failed "
                            f"({error.reason or error}); check that the security matches the "
                            "port (STARTTLS: 587, TLS: 465).")  # fmt: skip
    if isinstance(error, TimeoutError):
        return BillingError("mail_timeout", f"{where.capitalize()} did not answer within "
                            f"{server.timeout:g} seconds; check the host and port, or try "
                            "again later.")  # fmt: skip
    if isinstance(error, socket.gaierror):
        return BillingError("mail_unreachable", f"The mail server name {server.host} cannot be "
                            f"found ({error.strerror}); check the host.")  # fmt: skip
    return BillingError("mail_unreachable", f"Could not connect to {where} "
                        f"({error.strerror or error}); check the host and port, or whether the "
                        "server is running.")  # fmt: skip


@contextlib.contextmanager
def _translated(server: SmtpServer) -> Iterator[None]:
    try:
        yield
    except OSError as error:  # smtplib, ssl and socket errors are all OSErrors
        raise _failure(server, error) from None
    except UnicodeEncodeError:
        raise BillingError("mail_unsupported", f"{server.where.capitalize()} does not accept "
                           "addresses with accented or other non-ASCII letters (SMTPUTF8); "
                           "use plain addresses.") from None  # fmt: skip


def _open(server: SmtpServer, context: ssl.SSLContext) -> smtplib.SMTP:
    if server.security is MailSecurity.TLS:
        return smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
    return smtplib.SMTP(server.host, server.port, timeout=server.timeout)


def _greet(smtp: smtplib.SMTP, server: SmtpServer, context: ssl.SSLContext) -> None:
    smtp.ehlo()
    if server.security is MailSecurity.STARTTLS:
        if not smtp.has_extn("starttls"):
            raise BillingError("mail_no_starttls", f"{server.where.capitalize()} does not offer "
                               "STARTTLS; choose TLS (usually port 465) instead.")  # fmt: skip
        smtp.starttls(context=context)
        smtp.ehlo()
    if server.username:
        smtp.login(server.username, server.password)


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


class Connection:
    """An open, greeted and signed-in connection; hand messages to it with `send`."""

    def __init__(self, smtp: smtplib.SMTP, server: SmtpServer) -> None:
        self._smtp, self._server = smtp, server

    def send(self, message: EmailMessage, sender: str, recipients: Sequence[str]) -> str:
        """The server's reply to the message, e.g. "250 2.0.0 Ok: queued as 4F2A1"."""
        with _translated(self._server):
            return self._transfer(message, sender, recipients)

    def _transfer(self, message: EmailMessage, sender: str, recipients: Sequence[str]) -> str:
        smtp = self._smtp
        international = not all(a.isascii() for a in (sender, *recipients))
        options = ["SMTPUTF8"] if international and smtp.has_extn("smtputf8") else []
        code, text = smtp.mail(sender, options)
        if code != 250:
            self._cancel()
            raise smtplib.SMTPSenderRefused(code, text, sender)
        for recipient in recipients:
            code, text = smtp.rcpt(recipient)
            if code not in (250, 251):
                self._cancel()
                raise smtplib.SMTPRecipientsRefused({recipient: (code, text)})
        code, text = smtp.data(message.as_bytes(policy=SMTPUTF8 if options else SMTP))
        if code != 250:
            self._cancel()
            raise smtplib.SMTPDataError(code, text)
        return _reply(code, text)

    def _cancel(self) -> None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            self._smtp.rset()


@contextlib.contextmanager
def connected(
    server: SmtpServer, ssl_context: ssl.SSLContext | None = None
) -> Iterator[Connection]:
    """Connected, encrypted as set and signed in; closed (QUIT) when the block ends.

    `ssl_context` defaults to the system's trusted certificates; tests pass one that
    trusts their own."""
    context = ssl_context or ssl.create_default_context()
    with _translated(server):
        smtp = _open(server, context)
    try:
        with _translated(server):
            _greet(smtp, server, context)
        yield Connection(smtp, server)
    finally:
        _close(smtp)
