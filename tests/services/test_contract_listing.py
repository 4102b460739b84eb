import pytest
from sqlmodel import select

from billing_app.domain.contracts import ContractType
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.models import AuditEvent
from billing_app.services import paging
from billing_app.services.contract_listing import list_contracts
from tests import factories


def test_contracts_are_searched_by_name_or_customer_and_filtered_by_type(session):
    clerk = factories.actor(factories.user(session, Role.BILLING))
    acme = factories.customer(session, name="Acme")
    bassi = factories.customer(session, name="Officina Bassi")
    factories.contract(session, acme, name="Hourly support")
    factories.contract(session, bassi, name="Retainer 2026", type=ContractType.RETAINER,
                       fee=1200)  # fmt: skip
    assert [r.name for r in list_contracts(session, clerk, search="BASSI").rows] == [
        "Retainer 2026"]  # fmt: skip
    assert [r.name for r in list_contracts(session, clerk, search="support").rows] == [
        "Hourly support"]  # fmt: skip
    hourly = list_contracts(session, clerk, kind=ContractType.HOURLY)
    assert [(r.customer, r.terms.type) for r in hourly.rows] == [("Acme", ContractType.HOURLY)]


def test_contracts_come_fifty_a_page_with_the_page_count(session, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    clerk = factories.actor(factories.user(session, Role.BILLING))
    acme = factories.customer(session)
    for number in range(5):
        factories.contract(session, acme, name=f"Contract {number}")
    last = list_contracts(session, clerk, page=7)
    assert (last.total, last.pages, last.page) == (5, 3, 2)
    assert [r.name for r in last.rows] == ["Contract 4"]


def test_a_read_only_user_sees_contracts_but_may_not_change_them(session):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY))
    clerk = factories.actor(factories.user(session, Role.BILLING, email="b@example.com"))
    factories.contract(session, factories.customer(session))
    assert list_contracts(session, viewer).may_change is False
    assert list_contracts(session, clerk).may_change is True


def test_a_technician_is_refused_the_contracts_list_and_the_refusal_is_audited(session):
    tech = factories.actor(factories.user(session, Role.TECHNICIAN))
    session.commit()
    with pytest.raises(BillingError) as error:
        list_contracts(session, tech)
    assert error.value.code == "forbidden"
    refused = session.exec(select(AuditEvent).where(AuditEvent.action == "refused")).all()
    assert len(refused) == 1
