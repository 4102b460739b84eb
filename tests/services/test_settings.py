import dataclasses
import datetime as dt

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import AccountSettings, AuditEvent, Invoice
from billing_app.services.invoices.status import set_status
from billing_app.services.settings import SettingsInput, account_settings, save_account_settings
from tests import factories

GOOD = SettingsInput(
    legal_name="Rete Sicura S.r.l.", country="it", locale="it_IT", payment_terms_days="30",
    email="billing@retesicura.it", iban="IT60 X054 2811 1010 0000 0123 456",
    number_format="RS-{year}-{seq:04}",
)  # fmt: skip


@pytest.fixture
def admin(session):
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT"))  # fmt: skip
    return factories.actor(factories.user(session, Role.ADMIN))


def test_a_good_save_stores_every_field_and_audits_what_changed(session, admin):
    save_account_settings(session, admin, GOOD)
    account = session.get(AccountSettings, 1)
    assert (account.legal_name, account.country, account.currency) == (
        "Rete Sicura S.r.l.", "IT", "EUR")  # fmt: skip
    assert (account.iban, account.number_format) == ("IT60X0542811101000000123456",
                                                    "RS-{year}-{seq:04}")  # fmt: skip
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "settings_saved")).one()
    assert "legal_name" in audit.details and "locale" not in audit.details
    assert "legal_name: MSP" in audit.from_value


def test_an_empty_currency_is_the_countrys_and_a_given_one_overrides_it(session, admin):
    save_account_settings(session, admin, dataclasses.replace(GOOD, country="GB"))
    assert session.get(AccountSettings, 1).currency == "GBP"
    save_account_settings(session, admin, dataclasses.replace(GOOD, country="GB", currency="eur"))
    assert session.get(AccountSettings, 1).currency == "EUR"


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("legal_name", "  ", "legal name"),
        ("country", "Italy", "two-letter"),
        ("country", "QQ", "'QQ'"),
        ("currency", "EUX", "'EUX'"),
        ("locale", "xx_QQ", "'xx_QQ'"),
        ("payment_terms_days", "400", "0 to 365"),
        ("payment_terms_days", "thirty", "whole number"),
        ("email", "billing-at-msp", "'billing-at-msp' is not an e-mail"),
        ("iban", "IT60 X054", "two letters, two digits"),
        ("iban", "IT61X0542811101000000123456", "check digits"),
        ("number_format", "INV-{year}", "must contain {seq}"),
        ("number_format", "INV-{seq", "not valid"),
    ],
)
def test_each_bad_field_gets_its_sentence_and_nothing_is_saved(session, admin, field, value, says):
    session.commit()
    with pytest.raises(FieldErrors) as error:
        save_account_settings(session, admin, dataclasses.replace(GOOD, **{field: value}))
    assert list(error.value.fields) == [field]
    assert says in error.value.fields[field]
    session.rollback()
    assert session.get(AccountSettings, 1).legal_name == "MSP"
    assert session.exec(select(AuditEvent)).all() == []


def test_several_bad_fields_are_reported_together(session, admin):
    with pytest.raises(FieldErrors) as error:
        save_account_settings(session, admin, dataclasses.replace(
            GOOD, email="nope", country="Italia", payment_terms_days="-1"))  # fmt: skip
    assert set(error.value.fields) == {"email", "country", "payment_terms_days"}


@pytest.mark.parametrize("role", [Role.BILLING, Role.TECHNICIAN, Role.READ_ONLY])
def test_only_an_admin_may_see_or_change_the_settings(session, admin, role):
    other = factories.actor(factories.user(session, role))
    session.commit()  # a refusal is audited in a session of its own
    with pytest.raises(BillingError):
        save_account_settings(session, other, GOOD)
    with pytest.raises(BillingError):
        account_settings(session, other)
    assert session.get(AccountSettings, 1).legal_name == "MSP"


def test_a_new_number_format_leaves_issued_numbers_and_previews_the_next(session, admin):
    acme = factories.customer(session)
    issued = factories.invoice(session, acme)
    set_status(session, admin, issued.id, InvoiceStatus.SENT)
    year = dt.datetime.now(dt.UTC).year
    before = account_settings(session, admin)
    assert before.next_number == f"{year}-00002"
    save_account_settings(session, admin, GOOD)
    assert session.get(Invoice, issued.id).number == f"{year}-00001"
    after = account_settings(session, admin)
    assert (after.values.number_format, after.next_number) == ("RS-{year}-{seq:04}",
                                                               f"RS-{year}-0002")  # fmt: skip
    assert account_settings(session, admin).next_number == f"RS-{year}-0002"  # peeking takes none
