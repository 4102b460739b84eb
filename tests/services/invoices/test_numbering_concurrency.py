"""Gapless numbers under concurrency: several processes issue the same invoices at once,
in different orders, and roll some transactions back."""

import multiprocessing
import random

import pytest
from sqlmodel import Session, col, select

from billing_app.db import create_db_engine
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import AccountSettings, Invoice, User
from billing_app.services.invoices.status import set_status
from tests import factories

WORKERS = 4
PER_WORKER = 10


def issue_all(url: str, invoice_ids: list[int], actor_id: int, seed: int) -> int:
    """Try to issue every invoice, each in its own transaction; roll back about one in four.
    An invoice another process issued first is refused ("already Sent") and skipped."""
    rng = random.Random(seed)
    rng.shuffle(invoice_ids)
    engine = create_db_engine(url)
    committed = 0
    with Session(engine) as session:
        actor = factories.actor(session.get_one(User, actor_id))
    for invoice_id in invoice_ids:
        with Session(engine) as session:
            try:
                set_status(session, actor, invoice_id, InvoiceStatus.SENT)
            except BillingError as error:
                assert error.code == "same_status", error.message
                continue
            if rng.random() < 0.25:
                session.rollback()
            else:
                session.commit()
                committed += 1
    engine.dispose()
    return committed


@pytest.mark.parametrize("run", [1, 2])
def test_parallel_issuing_yields_one_to_n_without_gaps_or_duplicates(engine, session, run):
    session.add(AccountSettings(legal_name="MSP", country="IT", currency="EUR", locale="it_IT"))
    clerk = factories.user(session, Role.BILLING)
    acme = factories.customer(session)
    ids = [factories.invoice(session, acme).id for _ in range(WORKERS * PER_WORKER)]
    session.commit()
    url = engine.url.render_as_string(hide_password=False)
    jobs = [(url, list(ids), clerk.id, run * 100 + worker) for worker in range(WORKERS)]
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        committed = sum(pool.starmap(issue_all, jobs))
    session.expire_all()
    sequences = session.exec(
        select(Invoice.sequence)
        .where(col(Invoice.sequence).is_not(None))
        .order_by(Invoice.sequence)
    ).all()
    assert 0 < committed <= len(ids)
    assert sequences == list(range(1, committed + 1))  # each issue committed once, no gap
