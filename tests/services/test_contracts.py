import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlmodel import col, select

from billing_app.domain.contract_form import ContractForm, UnitLineText
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.models import AccountSettings, AuditEvent, Contract, ContractUnitLine, UnitCount
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.save import save_batch
from billing_app.services.contract_listing import contract_form
from billing_app.services.contracts import save_contract, set_contract_active
from tests import factories

TODAY = dt.date(2026, 11, 15)


@pytest.fixture
def clerk(session):
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT"))  # fmt: skip
    return factories.actor(factories.user(session, Role.BILLING))


def retainer(customer_id: int, **fields) -> ContractForm:
    values = {
        "customer_id": customer_id,
        "name": "Managed services",
        "type": "retainer",
        "start_date": "2026-01-01",
        "tax_rate": "22",
        "fee": "1.200,50",
    } | fields
    return ContractForm(**values)


def test_a_retainer_typed_in_the_locale_is_saved_exactly_and_audited(session, clerk):
    acme = factories.customer(session)
    contract_id = save_contract(session, clerk, None, retainer(acme.id, hourly_rate="85.5"))
    saved = session.get(Contract, contract_id)
    assert (saved.fee, saved.hourly_rate, saved.tax_rate) == (
        Decimal("1200.50"), Decimal("85.50"), Decimal(22))  # fmt: skip
    assert saved.block_hours is None and saved.project_billing is None
    event = session.exec(select(AuditEvent).where(AuditEvent.entity == "contract")).one()
    assert (event.action, event.entity_id) == ("contract_created", contract_id)


def test_every_wrong_field_gets_its_sentence_and_nothing_is_saved(session, clerk):
    acme = factories.customer(session)
    session.commit()
    with pytest.raises(FieldErrors) as error:
        save_contract(session, clerk, None, retainer(
            acme.id, name=" ", fee="12a", start_date="2026-05-01", end_date="2026-04-30",
            hourly_rate="-5", rounding_increment_minutes="quarter"))  # fmt: skip
    fields = error.value.fields
    assert set(fields) == {"name", "fee", "end_date", "hourly_rate", "rounding_increment_minutes"}
    assert "'12a' is not an amount" in fields["fee"]
    assert "before the start date" in fields["end_date"]
    assert "cannot be negative" in fields["hourly_rate"]
    session.rollback()
    assert session.exec(select(Contract)).all() == []


def test_missing_terms_of_the_chosen_type_are_named_next_to_the_first_of_them(session, clerk):
    acme = factories.customer(session)
    form = ContractForm(customer_id=acme.id, name="Block", type="block_hours",
                        start_date="2026-01-01", block_price="abc")  # fmt: skip
    with pytest.raises(FieldErrors) as error:
        save_contract(session, clerk, None, form)
    assert error.value.fields["block_hours"] == (
        "Block hours contracts need the hours in a block and an hourly rate for hours beyond "
        "the block; fill them in before saving."
    )
    assert "'abc' is not an amount" in error.value.fields["block_price"]


def test_a_per_unit_contract_keeps_its_lines_and_counts_a_changed_quantity_from_today(
    session, clerk
):
    acme = factories.customer(session)
    form = ContractForm(
        customer_id=acme.id, name="Monitoring", type="per_unit", start_date="2026-01-01",
        unit_lines=(UnitLineText(name="Servers", unit_price="45", quantity="3"),
                    UnitLineText(name="Workstations", unit_price="12,50", quantity="20")),
    )  # fmt: skip
    contract_id = save_contract(session, clerk, None, form, today=TODAY)
    shown = contract_form(session, clerk, contract_id, today=TODAY)
    assert [(u.name, u.unit_price, u.quantity) for u in shown.unit_lines] == [
        ("Servers", "45,00", "3"), ("Workstations", "12,50", "20")]  # fmt: skip
    servers = shown.unit_lines[0]
    changed = replace(shown, unit_lines=(UnitLineText(servers.id, "Servers", "45,00", "4"),
                                         UnitLineText(None, "Users", "5", "30")))  # fmt: skip
    save_contract(session, clerk, contract_id, changed, today=TODAY)
    lines = session.exec(select(ContractUnitLine).order_by(col(ContractUnitLine.id))).all()
    assert [line.name for line in lines] == ["Servers", "Users"]
    counts = session.exec(
        select(UnitCount.effective_from, UnitCount.quantity)
        .where(UnitCount.unit_line_id == servers.id)
        .order_by(col(UnitCount.effective_from))
    ).all()
    assert counts == [(dt.date(2026, 1, 1), Decimal(3)), (TODAY, Decimal(4))]


def test_a_per_unit_contract_needs_a_unit_line_with_name_price_and_quantity(session, clerk):
    acme = factories.customer(session)
    empty = ContractForm(customer_id=acme.id, name="RMM", type="per_unit", start_date="2026-01-01")
    with pytest.raises(FieldErrors) as error:
        save_contract(session, clerk, None, empty)
    assert set(error.value.fields) == {"unit_lines"}
    bad = replace(empty, unit_lines=(UnitLineText(name="", unit_price="x"),))
    with pytest.raises(FieldErrors) as error:
        save_contract(session, clerk, None, bad)
    assert set(error.value.fields) == {"unit_0_name", "unit_0_unit_price", "unit_0_quantity"}


def test_a_billed_contract_keeps_its_type_and_start_but_its_price_may_change(session, clerk):
    acme = factories.customer(session)
    contract_id = save_contract(session, clerk, None, retainer(acme.id))
    save_batch(session, clerk, "October 2026", dt.date(2026, 10, 1), dt.date(2026, 10, 31),
               RunFilters())  # fmt: skip
    with pytest.raises(FieldErrors) as error:
        save_contract(session, clerk, contract_id, retainer(
            acme.id, type="hourly", hourly_rate="80", start_date="2026-02-01"))  # fmt: skip
    assert set(error.value.fields) == {"type", "start_date"}
    assert "billed on invoice batch 'October 2026'" in error.value.fields["type"]
    save_contract(session, clerk, contract_id, retainer(acme.id, fee="1300"))
    assert session.get(Contract, contract_id).fee == Decimal(1300)


def test_a_contract_is_deactivated_and_reactivated_instead_of_deleted(session, clerk):
    acme = factories.customer(session)
    contract = factories.contract(session, acme)
    assert set_contract_active(session, clerk, contract.id, False) == "Hourly support"
    assert session.get(Contract, contract.id).active is False
    set_contract_active(session, clerk, contract.id, True)
    actions = session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all()
    assert actions == ["contract_deactivated", "contract_reactivated"]


def test_a_read_only_user_cannot_create_or_retire_contracts(session, clerk):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY))
    acme = factories.customer(session)
    contract = factories.contract(session, acme)
    session.commit()
    with pytest.raises(BillingError) as error:
        save_contract(session, viewer, None, retainer(acme.id))
    assert error.value.code == "forbidden"
    with pytest.raises(BillingError):
        set_contract_active(session, viewer, contract.id, False)
    session.rollback()
    assert session.get(Contract, contract.id).active is True
    assert len(session.exec(select(Contract)).all()) == 1
