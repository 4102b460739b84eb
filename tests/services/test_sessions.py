import datetime as dt

import pytest
from sqlmodel import select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.models import UserSession
from billing_app.services.sessions import (
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_CLIENT,
    WRONG_CREDENTIALS,
    log_in,
    log_out,
    resume,
)
from billing_app.services.users import set_active
from tests import factories
from tests.factories import PASSWORD

IDLE = dt.timedelta(minutes=30)


def fail(session, email, password="wrong-password", client="10.0.0.1"):
    with pytest.raises(BillingError) as error:
        log_in(session, email, password, client)
    return error.value


def test_signing_in_gives_a_token_that_resumes_the_same_person(session):
    clerk = factories.user(session, email="clerk@example.com")
    signed_in = log_in(session, " Clerk@Example.com ", PASSWORD, "10.0.0.1")
    assert signed_in.actor.user_id == clerk.id
    assert resume(session, signed_in.token, IDLE) == signed_in.actor
    stored = session.exec(select(UserSession.token_hash)).one()
    assert signed_in.token not in stored  # only the hash is kept


def test_wrong_password_and_unknown_email_get_the_same_answer(session):
    factories.user(session, email="clerk@example.com")
    wrong_password = fail(session, "clerk@example.com")
    unknown_email = fail(session, "nobody@example.com")
    assert wrong_password.code == unknown_email.code == "wrong_credentials"
    assert wrong_password.message == unknown_email.message == WRONG_CREDENTIALS


def test_a_deactivated_user_cannot_sign_in_and_is_told_nothing_more(session):
    factories.user(session, email="gone@example.com", active=False)
    assert fail(session, "gone@example.com", PASSWORD).message == WRONG_CREDENTIALS


def test_failed_attempts_are_limited_per_account(session):
    factories.user(session, email="clerk@example.com")
    for attempt in range(MAX_FAILURES_PER_ACCOUNT):
        fail(session, "clerk@example.com", client=f"10.0.0.{attempt}")
    refused = fail(session, "clerk@example.com", PASSWORD, client="10.9.9.9")
    assert refused.code == "too_many_attempts"
    assert "Wait 15 minutes" in refused.message
    factories.user(session, email="other@example.com", role=Role.ADMIN)
    assert log_in(session, "other@example.com", PASSWORD, "10.9.9.9").token


def test_failed_attempts_are_limited_per_client_whatever_the_email(session):
    factories.user(session, email="clerk@example.com")
    for attempt in range(MAX_FAILURES_PER_CLIENT):
        fail(session, f"guess{attempt}@example.com", client="10.6.6.6")
    assert fail(session, "clerk@example.com", PASSWORD, client="10.6.6.6").code == (
        "too_many_attempts"
    )
    assert log_in(session, "clerk@example.com", PASSWORD, "10.0.0.2").token


def test_old_failures_no_longer_count(session):
    factories.user(session, email="clerk@example.com")
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        fail(session, "clerk@example.com")
    session.connection().exec_driver_sql(
        "UPDATE login_attempt SET at = at - INTERVAL '16 minutes'"
        if session.get_bind().dialect.name == "postgresql"
        else "UPDATE login_attempt SET at = datetime(at, '-16 minutes')"
    )
    session.commit()
    assert log_in(session, "clerk@example.com", PASSWORD, "10.0.0.1").token


def test_a_session_ends_after_the_idle_time(session):
    factories.user(session, email="clerk@example.com")
    signed_in = log_in(session, "clerk@example.com", PASSWORD, "10.0.0.1")
    row = session.exec(select(UserSession)).one()
    row.last_seen_at = row.last_seen_at - IDLE - dt.timedelta(seconds=1)
    session.commit()
    assert resume(session, signed_in.token, IDLE) is None
    assert session.exec(select(UserSession)).all() == []


def test_activity_keeps_a_session_alive(session):
    factories.user(session, email="clerk@example.com")
    signed_in = log_in(session, "clerk@example.com", PASSWORD, "10.0.0.1")
    row = session.exec(select(UserSession)).one()
    row.last_seen_at = row.last_seen_at - IDLE + dt.timedelta(minutes=1)
    session.commit()
    before = row.last_seen_at
    assert resume(session, signed_in.token, IDLE) is not None
    session.refresh(row)
    assert row.last_seen_at > before


def test_logout_ends_the_session(session):
    factories.user(session, email="clerk@example.com")
    signed_in = log_in(session, "clerk@example.com", PASSWORD, "10.0.0.1")
    log_out(session, signed_in.token)
    assert resume(session, signed_in.token, IDLE) is None


def test_deactivating_a_user_ends_their_sessions_at_once(session):
    admin = factories.user(session, Role.ADMIN, email="boss@example.com")
    clerk = factories.user(session, email="clerk@example.com")
    signed_in = log_in(session, "clerk@example.com", PASSWORD, "10.0.0.1")
    set_active(session, factories.actor(admin), clerk.id, False)
    session.commit()
    assert resume(session, signed_in.token, IDLE) is None


def test_unknown_or_empty_tokens_resume_nobody(session):
    assert resume(session, "", IDLE) is None
    assert resume(session, "made-up-token", IDLE) is None
