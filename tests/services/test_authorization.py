"""Every use-case checks the role on the server: a table of role x use-case."""

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import AccountSettings, AuditEvent
from billing_app.services.audit import AuditFilters, audit_choices, invoice_history, list_audit
from billing_app.services.dashboard import home_overview
from billing_app.services.invoices.listing import list_invoices
from billing_app.services.invoices.status import set_status
from billing_app.services.time_entries import TimeEntryInput, update_time_entry
from billing_app.services.users import (
    change_role,
    create_user,
    list_users,
    reset_password,
    set_active,
)
from tests import factories

ALL = set(Role)
ENTRY = TimeEntryInput(customer="Acme S.r.l.", started_on="2026-10-05", duration="45", ticket="1")
USE_CASES = {
    "list users": (lambda s, a, ids: list_users(s, a), {Role.ADMIN}),
    "create a user": (
        lambda s, a, ids: create_user(s, a, email="x@example.com", name="X", role=Role.BILLING,
                                    password="a-long-password"),
        {Role.ADMIN},
    ),
    "change a role": (lambda s, a, ids: change_role(s, a, ids["user"], Role.BILLING), {Role.ADMIN}),
    "deactivate a user": (lambda s, a, ids: set_active(s, a, ids["user"], False), {Role.ADMIN}),
    "reset a password": (lambda s, a, ids: reset_password(s, a, ids["user"]), {Role.ADMIN}),
    "read the audit trail": (lambda s, a, ids: list_audit(s, a, AuditFilters()),
                             {Role.ADMIN, Role.BILLING}),
    "see the audit filters": (lambda s, a, ids: audit_choices(s, a), {Role.ADMIN, Role.BILLING}),
    "see an invoice's history": (lambda s, a, ids: invoice_history(s, a, 1),
                                 {Role.ADMIN, Role.BILLING, Role.READ_ONLY}),
    "see the overview": (lambda s, a, ids: home_overview(s, a), ALL),
    "list invoices": (lambda s, a, ids: list_invoices(s, a), {Role.ADMIN, Role.BILLING,
                                                              Role.READ_ONLY}),
    "change an invoice's status": (
        lambda s, a, ids: set_status(s, a, ids["invoice"], InvoiceStatus.SENT),
        {Role.ADMIN, Role.BILLING},
    ),
    "change someone else's time entry": (
        lambda s, a, ids: update_time_entry(s, a, ids["entry"], ENTRY),
        {Role.ADMIN, Role.BILLING},
    ),
}  # fmt: skip


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("use_case", list(USE_CASES))
def test_role_against_use_case(session, role, use_case):
    run, allowed = USE_CASES[use_case]
    factories.user(session, Role.ADMIN, email="keeper@example.com")  # never the last admin
    target = factories.user(session, Role.BILLING, email="target@example.com")
    actor = factories.actor(factories.user(session, role, email="actor@example.com"))
    factories.add(session, AccountSettings(legal_name="MSP", country="IT", currency="EUR",
                                           locale="it_IT"))  # fmt: skip
    acme = factories.customer(session)
    entry = factories.time_entry(session, factories.ticket(session, acme), user_id=target.id)
    ids = {"user": target.id, "invoice": factories.invoice(session, acme).id, "entry": entry.id}
    session.commit()
    if role in allowed:
        run(session, actor, ids)
        return
    with pytest.raises(BillingError) as error:
        run(session, actor, ids)
    assert error.value.code == "forbidden"
    assert error.value.message.startswith(f"Your role ({role.label}) cannot")


def test_a_refused_attempt_is_audited_even_though_the_use_case_rolls_back(session):
    viewer = factories.actor(factories.user(session, Role.READ_ONLY, email="viewer@example.com"))
    target = factories.user(session, Role.BILLING, email="target@example.com")
    session.commit()
    with pytest.raises(BillingError):
        change_role(session, viewer, target.id, Role.ADMIN)
    session.rollback()
    refused = session.exec(select(AuditEvent).where(AuditEvent.action == "refused")).one()
    assert refused.actor == "viewer@example.com"
    assert "manage_users" in refused.details
    assert session.get(type(target), target.id).role == Role.BILLING


def test_technicians_see_no_invoice_amounts_on_the_overview(session):
    tech = factories.actor(factories.user(session, Role.TECHNICIAN, email="t@example.com"))
    acme = factories.customer(session)
    factories.time_entry(session, factories.ticket(session, acme))
    overview = home_overview(session, tech)
    assert not overview.billing_visible
    assert overview.unbilled == []
