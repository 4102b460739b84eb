"""The exporting process of the crash tests. At the point asked it tells the test (an Event)
and waits to be killed with SIGKILL: nothing is raised inside it, nothing cleans up after it.

Points: "before_call" (intents committed, the invoices' write not yet sent), "after_answer"
(the provider answered, nothing recorded yet). "stored_no_answer" needs no help here: the
test's server holds the answer back once the invoices are stored, and the test kills us.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from multiprocessing.synchronize import Event
from typing import Any

from sqlmodel import Session

from billing_app.db import create_db_engine
from billing_app.domain.accounting import Provider
from billing_app.integrations.export_invoice import ExportMappings
from billing_app.models import User
from billing_app.services.accounting import qbo_export, xero_export
from billing_app.services.accounting.qbo_client import QboCaller, QuickBooksAccess
from billing_app.services.accounting.xero_calls import XeroAccess, XeroCalls
from billing_app.services.sessions import actor_of


def _hang(reached: Event) -> None:
    reached.set()
    while True:  # until the SIGKILL
        time.sleep(1)


def _around(original: Callable[..., Any], writes: Callable[..., bool], point: str,
            reached: Event, nth: int) -> Callable[..., Any]:  # fmt: skip
    seen = 0

    def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal seen
        if not writes(*args, **kwargs):
            return original(*args, **kwargs)
        seen += 1
        if point == "before_call" and seen == nth:
            _hang(reached)
        answer = original(*args, **kwargs)
        if point == "after_answer" and seen == nth:
            _hang(reached)
        return answer

    return call


def _creates_xero_invoices(_calls: XeroCalls, kind: str, *_: Any, **__: Any) -> bool:
    return kind == "PUT Invoices"


def _creates_qbo_invoices(_caller: QboCaller, items: list[dict[str, Any]], *_: Any) -> bool:
    return any("Invoice" in item and item["operation"] == "create" for item in items)


def export_until_killed(
    database_url: str,
    user_id: int,
    invoice_ids: list[int],
    access: XeroAccess | QuickBooksAccess,
    mappings: ExportMappings,
    point: str,
    reached: Event,
    nth: int = 1,
) -> None:
    """Export; hang at `point` of the `nth` call that creates invoices, until killed."""
    if mappings.provider is Provider.XERO:
        XeroCalls.call = _around(XeroCalls.call, _creates_xero_invoices, point, reached, nth)  # type: ignore[method-assign]
    else:
        QboCaller.batch = _around(QboCaller.batch, _creates_qbo_invoices, point, reached, nth)  # type: ignore[method-assign]
    engine = create_db_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        actor = actor_of(session.get_one(User, user_id))
        export = xero_export if mappings.provider is Provider.XERO else qbo_export
        export.export_invoices(session, actor, invoice_ids, access, mappings)  # type: ignore[arg-type]
