"""Admin > E-mail: the mail server, the sender, the invoice e-mail's templates, a test e-mail.

The SMTP password is encrypted at rest with BILLING_SECRET_KEY and never leaves the server:
the view says only whether one is stored. An empty password field keeps the stored one.
"""

from __future__ import annotations

import ipaddress
import re
import ssl
from dataclasses import dataclass, replace

from sqlmodel import Session

from billing_app.config import secret_key
from billing_app.documents.email import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    Sender,
    address_list,
    build_message,
    template_problem,
)
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.mail import MailSecurity
from billing_app.domain.roles import Permission
from billing_app.domain.status import Via
from billing_app.models import AccountSettings, MailSettings
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.customers import EMAIL
from billing_app.services.mail.delivery import SmtpServer, connected
from billing_app.services.secret_box import decrypt_secret, encrypt_secret

LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOST = re.compile(rf"^{LABEL}(?:\.{LABEL})*\.?$")


@dataclass(frozen=True)
class MailSettingsInput:
    host: str
    port: str
    security: str
    from_address: str
    username: str = ""
    password: str = ""  # empty: keep the stored one
    remove_password: bool = False
    from_name: str = ""
    reply_to: str = ""
    bcc: str = ""  # comma-separated
    subject_template: str = DEFAULT_SUBJECT
    body_template: str = DEFAULT_BODY


@dataclass(frozen=True)
class MailSettingsView:
    values: MailSettingsInput  # its password is always empty
    password_stored: bool
    saved: bool  # False: nothing saved yet, the values are suggestions


@dataclass(frozen=True)
class Delivery:
    """What sending needs, the password decrypted: for services only, never for a page."""

    server: SmtpServer
    sender: Sender
    bcc: list[str]
    subject_template: str
    body_template: str


SUGGESTED = MailSettingsInput(host="", port="587", security=MailSecurity.STARTTLS.value,
                              from_address="")  # fmt: skip


def _stored(row: MailSettings) -> MailSettingsInput:
    return MailSettingsInput(
        host=row.host, port=str(row.port), security=row.security.value, username=row.username,
        from_name=row.from_name, from_address=row.from_address, reply_to=row.reply_to,
        bcc=row.bcc, subject_template=row.subject_template, body_template=row.body_template,
    )  # fmt: skip


def mail_settings(session: Session, actor: Actor) -> MailSettingsView:
    require(session, actor, Permission.MANAGE_SETTINGS, "see the e-mail settings")
    row = session.get(MailSettings, 1)
    if row is None:
        account = session.get(AccountSettings, 1)
        name, address = (account.legal_name, account.email) if account else ("", "")
        return MailSettingsView(replace(SUGGESTED, from_name=name, from_address=address),
                                password_stored=False, saved=False)  # fmt: skip
    return MailSettingsView(_stored(row), password_stored=bool(row.password_encrypted), saved=True)


def _check_address(errors: dict[str, str], name: str, value: str, required: str = "") -> None:
    if not value:
        if required:
            errors[name] = required
    elif bad := [a for a in address_list(value) if not EMAIL.match(a)]:
        errors[name] = f"'{bad[0]}' is not an e-mail address; write it like billing@example.com."


def _check_host(host: str) -> str:
    if not host:
        return "Enter the mail server's name, e.g. smtp.example.com."
    try:
        ipaddress.ip_address(host)
        return ""
    except ValueError:
        pass
    if not HOST.match(host):
        return (f"'{host}' is not a server name; write only the name, e.g. smtp.example.com "
                "(no smtp://, no port).")  # fmt: skip
    return ""


def check_mail_settings(data: MailSettingsInput) -> dict[str, str]:
    """A sentence per wrong field; empty when every field is right."""
    errors: dict[str, str] = {}
    if message := _check_host(data.host.strip()):
        errors["host"] = message
    port = data.port.strip()
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        errors["port"] = (
            "The port is a number from 1 to 65535 (usually 587 for STARTTLS, 465 for TLS)."
        )
    if data.security not in {s.value for s in MailSecurity}:
        errors["security"] = "Choose STARTTLS, TLS or None."
    elif data.security == MailSecurity.NONE and data.username.strip():
        errors["security"] = ("A user name and password are never sent unencrypted: choose "
                              "STARTTLS or TLS, or clear the user name.")  # fmt: skip
    if data.password and not data.username.strip():
        errors["username"] = "Enter the user name that goes with the password."
    if data.password and data.remove_password:
        errors["password"] = "Type a new password or remove the stored one, not both."
    _check_address(errors, "from_address", data.from_address.strip(),
                   "Enter the address invoices come from, e.g. billing@example.com.")  # fmt: skip
    if len(address_list(data.from_address)) > 1:
        errors["from_address"] = "Invoices come from one address only."
    _check_address(errors, "reply_to", data.reply_to.strip())
    _check_address(errors, "bcc", data.bcc.strip())
    if "\n" in data.subject_template:
        errors["subject_template"] = "The subject is one line."
    for name, what in (("subject_template", "subject"), ("body_template", "message")):
        if problem := template_problem(getattr(data, name), what):
            errors[name] = problem
    for name, limit in (("from_name", 200), ("username", 200), ("bcc", 500),
                        ("subject_template", 300), ("host", 253)):  # fmt: skip
        if len(getattr(data, name).strip()) > limit and name not in errors:
            errors[name] = f"At most {limit} characters."
    return errors


def _clean(data: MailSettingsInput) -> dict[str, object]:
    return {
        "host": data.host.strip(), "port": int(data.port.strip()),
        "security": MailSecurity(data.security), "username": data.username.strip(),
        "from_name": data.from_name.strip(), "from_address": data.from_address.strip(),
        "reply_to": data.reply_to.strip(), "bcc": ", ".join(address_list(data.bcc)),
        "subject_template": data.subject_template.strip(), "body_template": data.body_template,
    }  # fmt: skip


def save_mail_settings(session: Session, actor: Actor, data: MailSettingsInput) -> None:
    require(session, actor, Permission.MANAGE_SETTINGS, "change the e-mail settings")
    if errors := check_mail_settings(data):
        raise FieldErrors("invalid_mail_settings", errors)
    clean = _clean(data)
    row = session.get(MailSettings, 1)
    if row is None:
        row = MailSettings(**clean)  # type: ignore[arg-type]
        changed = list(clean)
    else:
        changed = [name for name, value in clean.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, clean[name])
    if data.remove_password and row.password_encrypted:
        row.password_encrypted, changed = None, [*changed, "password removed"]
    elif data.password:
        row.password_encrypted = encrypt_secret(data.password, secret_key())
        changed.append("password changed")
    if not changed:
        return
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    record_audit(session, actor, "mail_settings_saved", entity="mail_settings", entity_id=1,
                 details=", ".join(changed))  # fmt: skip


def _server(data: MailSettingsInput, password: str) -> SmtpServer:
    return SmtpServer(host=data.host.strip(), port=int(data.port.strip()),
                      security=MailSecurity(data.security), username=data.username.strip(),
                      password=password)  # fmt: skip


def load_delivery(session: Session) -> Delivery:
    """The saved settings, ready to send with; refused when there are none yet."""
    row = session.get(MailSettings, 1)
    if row is None:
        raise BillingError("mail_not_configured", "E-mail delivery is not set up yet; an admin "
                           "sets the mail server in Admin > E-mail.")  # fmt: skip
    stored = row.password_encrypted
    password = decrypt_secret(stored, secret_key()) if stored else ""
    return Delivery(
        server=_server(_stored(row), password),
        sender=Sender(name=row.from_name, address=row.from_address, reply_to=row.reply_to),
        bcc=address_list(row.bcc),
        subject_template=row.subject_template,
        body_template=row.body_template,
    )


def _password_to_try(session: Session, data: MailSettingsInput) -> str:
    if data.password or data.remove_password:
        return data.password
    row = session.get(MailSettings, 1)
    stored = row.password_encrypted if row else None
    return decrypt_secret(stored, secret_key()) if stored else ""


def send_test_email(
    session: Session,
    actor: Actor,
    data: MailSettingsInput,
    to: str,
    ssl_context: ssl.SSLContext | None = None,
) -> str:
    """Send a test with the settings as typed (saved or not); the server's reply."""
    require(session, actor, Permission.MANAGE_SETTINGS, "send a test e-mail")
    errors = check_mail_settings(data)
    _check_address(errors, "test_to", to.strip(), "Enter the address to send the test to.")
    if len(address_list(to)) > 1:
        errors["test_to"] = "Send the test to one address."
    if errors:
        raise FieldErrors("invalid_mail_settings", errors)
    account = session.get(AccountSettings, 1)
    company = account.legal_name if account else "your company"
    sender = Sender(data.from_name.strip(), data.from_address.strip(), data.reply_to.strip())
    message = build_message(
        sender, [to.strip()], f"Test e-mail from {company}",
        f"This is a test of the e-mail settings of {company}.\n\n"
        "It arrived, so invoices sent from the billing app will arrive too.\n",
    )  # fmt: skip
    with connected(_server(data, _password_to_try(session, data)), ssl_context) as connection:
        reply = connection.send(message, sender.address, [to.strip()])
    record_audit(session, actor, "test_email_sent", entity="mail_settings", entity_id=1,
                 to_value=to.strip()[:200], via=Via.EMAIL, details=reply)  # fmt: skip
    return reply
