import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.models import AuditEvent, User
from billing_app.services.passwords import verify_password
from billing_app.services.users import (
    change_role,
    create_first_admin,
    create_user,
    list_users,
    reset_password,
    set_active,
)
from tests import factories


@pytest.fixture
def admin(session):
    return factories.actor(factories.user(session, Role.ADMIN, email="boss@example.com"))


def test_an_admin_creates_a_user_who_can_then_sign_in(session, admin):
    row = create_user(
        session, admin, email=" New@Example.com", name="Nina", role=Role.TECHNICIAN,
        password="a-long-password",
    )  # fmt: skip
    stored = session.get(User, row.id)
    assert (stored.email, stored.role) == ("new@example.com", Role.TECHNICIAN)
    assert verify_password(stored.password_hash, "a-long-password")
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "user_created")).one()
    assert (event.actor, event.entity_id, event.to_value) == (
        "boss@example.com",
        row.id,
        "technician",
    )


@pytest.mark.parametrize(
    ("email", "name", "password", "code"),
    [
        ("not-an-email", "Nina", "a-long-password", "invalid_email"),
        ("boss@example.com", "Nina", "a-long-password", "invalid_email"),
        ("nina@example.com", "  ", "a-long-password", "invalid_name"),
        ("nina@example.com", "Nina", "short", "weak_password"),
    ],
)
def test_bad_new_users_are_refused_and_nothing_is_saved(
    session, admin, email, name, password, code
):
    session.commit()
    before = len(session.exec(select(User)).all())
    with pytest.raises(BillingError) as error:
        create_user(session, admin, email=email, name=name, role=Role.BILLING, password=password)
    assert error.value.code == code
    session.rollback()
    assert len(session.exec(select(User)).all()) == before


def test_changing_a_role_is_audited_from_and_to(session, admin):
    clerk = factories.user(session, email="clerk@example.com")
    change_role(session, admin, clerk.id, Role.READ_ONLY)
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "role_changed")).one()
    assert (event.from_value, event.to_value) == ("billing", "read_only")


def test_the_last_admin_cannot_be_demoted_or_deactivated(session, admin):
    with pytest.raises(BillingError) as demoted:
        change_role(session, admin, admin.user_id, Role.BILLING)
    assert demoted.value.code == "last_admin"
    assert "make someone else an admin first" in demoted.value.message
    with pytest.raises(BillingError) as deactivated:
        set_active(session, admin, admin.user_id, False)
    assert deactivated.value.code == "last_admin"


def test_an_admin_can_step_down_once_there_is_another(session, admin):
    second = factories.user(session, Role.ADMIN, email="second@example.com")
    change_role(session, admin, admin.user_id, Role.BILLING)
    assert session.get(User, admin.user_id).role == Role.BILLING
    with pytest.raises(BillingError):
        set_active(session, factories.actor(second), second.id, False)


def test_a_deactivated_admin_does_not_count_as_the_other_admin(session, admin):
    factories.user(session, Role.ADMIN, email="old@example.com", active=False)
    with pytest.raises(BillingError):
        change_role(session, admin, admin.user_id, Role.BILLING)


def test_reset_password_returns_a_new_one_that_works(session, admin):
    clerk = factories.user(session, email="clerk@example.com")
    password = reset_password(session, admin, clerk.id)
    assert len(password) >= 10
    assert verify_password(session.get(User, clerk.id).password_hash, password)
    assert not verify_password(session.get(User, clerk.id).password_hash, factories.PASSWORD)


def test_reactivating_a_user_lets_them_back(session, admin):
    clerk = factories.user(session, email="clerk@example.com")
    set_active(session, admin, clerk.id, False)
    set_active(session, admin, clerk.id, True)
    assert session.get(User, clerk.id).active
    actions = session.exec(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user_deactivated", "user_activated"]


def test_list_users_shows_everyone_by_name(session, admin):
    factories.user(session, email="a@example.com", name="Zed")
    factories.user(session, email="b@example.com", name="Amy")
    assert [row.name for row in list_users(session, admin)] == ["Admin", "Amy", "Zed"]


def test_a_missing_user_gets_a_sentence(session, admin):
    with pytest.raises(BillingError) as error:
        change_role(session, admin, 9999, Role.BILLING)
    assert error.value.code == "user_not_found"


def test_first_admin_gets_a_generated_password_when_none_is_given(session):
    password = create_first_admin(session, email="Admin@Example.com", password="")
    user = session.exec(select(User)).one()
    assert (user.email, user.role) == ("admin@example.com", Role.ADMIN)
    assert verify_password(user.password_hash, password)
