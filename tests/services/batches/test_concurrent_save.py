"""Two batches saved at the same time for the same work: one wins, the other is refused,
and nothing is billed twice (the unique lock key decides, not the code)."""

import datetime as dt
import multiprocessing

from sqlmodel import Session, func, select

from billing_app.db import create_db_engine
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.models import AccountSettings, BilledSource, Invoice, User
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.save import save_batch
from billing_app.services.demo_data import load_demo_data
from tests import factories

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)


def save_in_process(
    url: str, name: str, actor_id: int, go: "multiprocessing.synchronize.Barrier"
) -> str:
    engine = create_db_engine(url)
    with Session(engine) as session:
        actor = factories.actor(session.get_one(User, actor_id))
    go.wait()
    with Session(engine) as session:
        try:
            save_batch(session, actor, name, START, END, RunFilters())
            session.commit()
            return "saved"
        except BillingError as error:
            return error.code
        finally:
            engine.dispose()


def test_two_batches_saved_at_once_never_bill_the_same_work_twice(engine, session):
    session.add(AccountSettings(legal_name="MSP", country="IT", currency="EUR", locale="it_IT"))
    load_demo_data(session, today=dt.date(2026, 11, 26))
    clerk = factories.user(session, Role.BILLING, email="clerk@example.com")
    session.commit()
    url = engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        go = manager.Barrier(2)
        with context.Pool(2) as pool:
            results = pool.starmap(
                save_in_process, [(url, "Run A", clerk.id, go), (url, "Run B", clerk.id, go)]
            )
    assert sorted(results) == ["saved", "work_already_billed"]
    session.expire_all()
    keys = session.exec(select(BilledSource.source_key)).all()
    assert len(keys) == len(set(keys)) > 0
    batches = session.exec(select(func.count(func.distinct(Invoice.batch_id)))).one()
    assert batches == 1
