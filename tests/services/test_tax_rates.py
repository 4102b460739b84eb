from decimal import Decimal

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind
from billing_app.models import AccountSettings, AuditEvent, InvoiceLine, TaxRate
from billing_app.services.account import ensure_account
from billing_app.services.tax_rates import (
    TaxRateInput,
    create_tax_rate,
    list_tax_rates,
    move_tax_rate,
    set_default_tax_rate,
    set_tax_rate_archived,
    tax_rate_options,
    update_tax_rate,
)
from tests import factories

D = Decimal


@pytest.fixture
def admin(session):
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT"))  # fmt: skip
    return factories.actor(factories.user(session, Role.ADMIN))


def names(session, actor, **options):
    return [(r.name, r.rate, r.is_default) for r in list_tax_rates(session, actor, **options)]


def test_the_first_rate_is_the_default_and_the_next_ones_come_after_it(session, admin):
    create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    create_tax_rate(session, admin, TaxRateInput("  IVA   10% ", "10", note=" reduced "))
    create_tax_rate(session, admin, TaxRateInput("Esente", "0", "Art. 10 DPR 633/72"))
    assert names(session, admin) == [
        ("IVA 22%", D(22), True), ("IVA 10%", D(10), False), ("Esente", D(0), False)]  # fmt: skip
    assert list_tax_rates(session, admin)[1].note == "reduced"
    created = session.exec(select(AuditEvent).where(AuditEvent.action == "tax_rate_created"))
    assert [event.to_value for event in created] == ["IVA 22% 22%", "IVA 10% 10%", "Esente 0%"]


def test_a_rate_is_read_in_the_account_locale_or_plain(session, admin):
    create_tax_rate(session, admin, TaxRateInput("Ridotta", "5,5"))
    create_tax_rate(session, admin, TaxRateInput("NYC sales tax", "8.875"))
    assert [r.rate for r in list_tax_rates(session, admin)] == [D("5.5"), D("8.875")]


@pytest.mark.parametrize(
    ("name", "rate", "note", "field", "says"),
    [
        ("  ", "22", "", "name", "Enter the name"),
        ("x" * 61, "22", "", "name", "60 characters"),
        ("iva 22%", "23", "", "name", "A rate named 'IVA 22%' already exists"),
        ("VAT", "", "", "rate", "Enter the rate as a percentage"),
        ("VAT", "twenty", "", "rate", "'twenty' is not a number"),
        ("VAT", "-1", "", "rate", "cannot be negative"),
        ("VAT", "100,5", "", "rate", "between 0 and 100"),
        ("VAT", "22.12345", "", "rate", "4 decimals at most"),
        ("VAT", "22", "n" * 201, "note", "200 characters"),
    ],
)
def test_each_bad_field_gets_its_sentence_and_nothing_is_saved(
    session, admin, name, rate, note, field, says
):
    create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    session.commit()
    with pytest.raises(FieldErrors) as error:
        create_tax_rate(session, admin, TaxRateInput(name, rate, note))
    assert list(error.value.fields) == [field]
    assert says in error.value.fields[field]
    session.rollback()
    assert names(session, admin) == [("IVA 22%", D(22), True)]


def test_an_archived_name_stays_taken_and_the_sentence_says_to_restore_it(session, admin):
    create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    old = create_tax_rate(session, admin, TaxRateInput("IVA 21%", "21"))
    set_tax_rate_archived(session, admin, old, True)
    with pytest.raises(FieldErrors) as error:
        create_tax_rate(session, admin, TaxRateInput("iva 21%", "21"))
    assert "(archived: restore it instead)" in error.value.fields["name"]


def test_editing_keeps_its_own_name_and_never_changes_what_was_billed(session, admin):
    standard = create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    draft = factories.invoice(session, factories.customer(session))
    line = factories.add(session, InvoiceLine(invoice_id=draft.id, kind=LineKind.CUSTOM,
                                              description="Setup", quantity=D(1),
                                              unit_price=D(100), tax_rate=D(22)))  # fmt: skip
    update_tax_rate(session, admin, standard, TaxRateInput("IVA 22%", "23", "from 2027"))
    (row,) = list_tax_rates(session, admin)
    assert (row.rate, row.note) == (D(23), "from 2027")
    session.refresh(line)
    assert line.tax_rate == D(22)
    changed = session.exec(select(AuditEvent).where(AuditEvent.action == "tax_rate_changed")).one()
    assert (changed.from_value, changed.to_value) == ("IVA 22% 22%", "IVA 22% 23%")


def test_the_default_cannot_be_archived_until_another_one_is_the_default(session, admin):
    standard = create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    reduced = create_tax_rate(session, admin, TaxRateInput("IVA 10%", "10"))
    with pytest.raises(BillingError) as error:
        set_tax_rate_archived(session, admin, standard, True)
    assert error.value.code == "default_tax_rate"
    assert "make another rate the default first" in error.value.message
    assert set_default_tax_rate(session, admin, reduced) == "IVA 10%"
    set_tax_rate_archived(session, admin, standard, True)
    assert names(session, admin) == [("IVA 10%", D(10), True)]
    assert len(names(session, admin, include_archived=True)) == 2


def test_an_archived_rate_cannot_be_the_default_until_it_is_restored(session, admin):
    create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    old = create_tax_rate(session, admin, TaxRateInput("IVA 21%", "21"))
    set_tax_rate_archived(session, admin, old, True)
    with pytest.raises(BillingError) as error:
        set_default_tax_rate(session, admin, old)
    assert error.value.code == "archived_tax_rate"
    set_tax_rate_archived(session, admin, old, False)
    set_default_tax_rate(session, admin, old)
    assert [r.name for r in list_tax_rates(session, admin) if r.is_default] == ["IVA 21%"]
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.entity == "tax_rate"))
    assert list(actions)[-3:] == ["tax_rate_archived", "tax_rate_restored", "tax_rate_default"]


def test_moving_a_rate_changes_the_order_selects_offer(session, admin):
    ids = [create_tax_rate(session, admin, TaxRateInput(name, rate))
           for name, rate in (("A", "22"), ("B", "10"), ("C", "4"))]  # fmt: skip
    move_tax_rate(session, admin, ids[2], -1)
    move_tax_rate(session, admin, ids[0], -1)  # already first: nothing moves
    assert [r.name for r in list_tax_rates(session, admin)] == ["A", "C", "B"]
    options = tax_rate_options(session, admin)
    assert [(c.value, c.label) for c in options.choices] == [
        ("22", "A (22%)"), ("4", "C (4%)"), ("10", "B (10%)")]  # fmt: skip
    assert options.default == "22"


def test_the_options_leave_archived_rates_out_and_fall_back_to_no_tax(session, admin):
    assert tax_rate_options(session, admin).choices == []
    assert tax_rate_options(session, admin).default == "0"
    create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    old = create_tax_rate(session, admin, TaxRateInput("IVA 21%", "21"))
    set_tax_rate_archived(session, admin, old, True)
    assert [c.value for c in tax_rate_options(session, admin).choices] == ["22"]


def test_a_rate_that_is_gone_says_so(session, admin):
    for attempt in (
        lambda: update_tax_rate(session, admin, 999, TaxRateInput("X", "1")),
        lambda: set_tax_rate_archived(session, admin, 999, True),
        lambda: set_default_tax_rate(session, admin, 999),
        lambda: move_tax_rate(session, admin, 999, 1),
    ):
        with pytest.raises(BillingError) as error:
            attempt()
        assert error.value.code == "tax_rate_not_found"


@pytest.mark.parametrize("role", [Role.BILLING, Role.TECHNICIAN, Role.READ_ONLY])
def test_only_admins_change_tax_rates(session, admin, role):
    rate_id = create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    someone = factories.actor(factories.user(session, role))
    session.commit()
    for attempt in (
        lambda: create_tax_rate(session, someone, TaxRateInput("IVA 10%", "10")),
        lambda: update_tax_rate(session, someone, rate_id, TaxRateInput("IVA 23%", "23")),
        lambda: set_tax_rate_archived(session, someone, rate_id, True),
        lambda: set_default_tax_rate(session, someone, rate_id),
        lambda: move_tax_rate(session, someone, rate_id, 1),
    ):
        with pytest.raises(BillingError) as error:
            attempt()
        assert error.value.code == "forbidden"
    session.rollback()
    assert names(session, admin) == [("IVA 22%", D(22), True)]


def test_who_sees_billing_lists_the_rates_and_a_technician_does_not(session, admin):
    create_tax_rate(session, admin, TaxRateInput("IVA 22%", "22"))
    for role in (Role.BILLING, Role.READ_ONLY):
        viewer = factories.actor(factories.user(session, role, email=f"{role.value}@x.it"))
        assert [c.label for c in tax_rate_options(session, viewer).choices] == ["IVA 22% (22%)"]
    technician = factories.actor(factories.user(session, Role.TECHNICIAN))
    session.commit()
    with pytest.raises(BillingError) as error:
        list_tax_rates(session, technician)
    assert error.value.code == "forbidden"


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("IT", [("IVA 22%", D(22), True), ("IVA 10%", D(10), False), ("IVA 4%", D(4), False),
                ("Esente", D(0), False)]),
        ("DE", [("MwSt 19%", D(19), True), ("Exempt", D(0), False)]),
        ("US", [("No tax", D(0), True)]),
    ],
)  # fmt: skip
def test_the_first_start_seeds_the_countrys_rates_once(session, country, expected):
    admin = factories.actor(factories.user(session, Role.ADMIN))
    ensure_account(session, legal_name="MSP", country=country, currency="EUR", locale="en_US")
    assert names(session, admin) == expected
    for rate in session.exec(select(TaxRate).where(TaxRate.name != expected[0][0])).all():
        session.delete(rate)
    session.flush()
    ensure_account(session, legal_name="MSP", country=country, currency="EUR", locale="en_US")
    assert names(session, admin) == expected[:1]  # rates exist: nothing is seeded again
