"""E-mail tests: an account, an admin and a clerk, a real SMTP server on 127.0.0.1, and the
settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlmodel import Session

from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind
from billing_app.models import AccountSettings, InvoiceLine
from billing_app.services.actor import Actor
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.lines import add_line
from billing_app.services.mail.settings import MailSettingsInput, save_mail_settings
from tests import factories
from tests.mail_server import Certificate, MailServer, mail_server, self_signed

SECRET_KEY = "mail-tests-" + "k" * 40


@pytest.fixture(autouse=True)
def secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BILLING_SECRET_KEY", SECRET_KEY)
    return SECRET_KEY


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    """Plain, no sign-in: the simplest server."""
    with mail_server() as server:
        yield server


@pytest.fixture
def admin(session: Session) -> Actor:
    factories.add(session, AccountSettings(
        legal_name="Rete Sicura S.r.l.", country="IT", currency="EUR", locale="it_IT",
        email="billing@retesicura.it",
    ))  # fmt: skip
    return factories.actor(factories.user(session, Role.ADMIN))


@pytest.fixture
def clerk(session: Session, admin: Actor) -> Actor:
    return factories.actor(factories.user(session, Role.BILLING))


def settings_for(server: MailServer, **changes: object) -> MailSettingsInput:
    plain = MailSettingsInput(
        host=server.host, port=str(server.port), security="none",
        from_address="billing@retesicura.it", from_name="Rete Sicura",
    )  # fmt: skip
    return replace(plain, **changes)  # type: ignore[arg-type]


def configure(session: Session, admin: Actor, server: MailServer, **changes: object) -> None:
    save_mail_settings(session, admin, settings_for(server, **changes))
    session.commit()


def draft_invoice(session: Session, actor: Actor, emails: str = "ap@acme.test",
                  name: str = "Acme S.r.l.") -> int:  # fmt: skip
    """A Draft of 1,234.50 + 22% tax = 1.506,09 EUR for a customer with `emails`."""
    acme = factories.customer(session, name=name, billing_emails=emails)
    invoice_id = create_flexible_invoice(session, actor, acme.id)
    add_line(session, actor, invoice_id, InvoiceLine(
        kind=LineKind.CUSTOM, description="Server migration", quantity=Decimal(1),
        unit_price=Decimal("1234.50"), tax_rate=Decimal(22), invoice_id=0,
    ))  # fmt: skip
    session.commit()
    return invoice_id
