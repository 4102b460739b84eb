"""Exports killed with SIGKILL at each point of a write, then rerun regrouped: never a second
invoice in Xero or QuickBooks (issue 15's fault-injection matrix).

A child process exports four Drafts of two customers and is killed: before the invoices'
write is sent, after the provider stored them but before its answer arrived (the test's
server holds the answer back), or after the answer but before our commit. Then the test
reruns as a clerk would: two invoices one by one, one invoice changed (a payment bumps its
version), then all four in one run. Expected everywhere: each invoice once in the provider,
linked once here, Exported only once confirmed, and the export log true.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import Session, col, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.status import InvoiceStatus
from billing_app.integrations.export_invoice import ExportMappings
from billing_app.models import ExportRecord, Invoice, InvoiceExport
from billing_app.services.accounting import qbo_export, xero_export
from billing_app.services.actor import Actor
from billing_app.services.payments import record_payment
from tests.integrations.qbo_server import QboServer
from tests.integrations.xero_server import XeroServer
from tests.services.accounting import qbo_setup
from tests.services.accounting.crash_worker import export_until_killed
from tests.services.accounting.test_xero_export import MAPPINGS, customers, issued

POINTS = ["before_call", "stored_no_answer", "after_answer"]
S = InvoiceStatus


class HeldAnswer:
    """The provider stored the invoices; their answer waits until the exporter is dead."""

    def __init__(self) -> None:
        self.stored, self.release = threading.Event(), threading.Event()

    def hold(self) -> None:
        if not self.stored.is_set():
            self.stored.set()
            self.release.wait(60)


def hold_xero_answers(server: XeroServer, held: HeldAnswer) -> None:
    assert server._server is not None
    app = server._server.app

    def holding(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer = app(environ, start_response)  # stored now; nothing is written back yet
        if environ["REQUEST_METHOD"] == "PUT" and environ["PATH_INFO"].endswith("/Invoices"):
            held.hold()
        return answer

    server._server.app = holding


def hold_qbo_answers(server: QboServer, held: HeldAnswer) -> None:
    def holding(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def batch(request: Any) -> Any:
            reply = original(request)
            if b'"Invoice"' in request.body and b'"create"' in request.body:
                held.hold()
            return reply

        return batch

    server.routes = [
        (methods, pattern, kind, holding(handler) if kind == "batch" else handler)
        for methods, pattern, kind, handler in server.routes
    ]


class Provided:
    """One provider's side of the test: its server, access, mappings and exporter."""

    def __init__(self, provider: Provider, request: pytest.FixtureRequest) -> None:
        self.provider = provider
        if provider is Provider.XERO:
            self.xero: XeroServer = request.getfixturevalue("xero_server")
            token = self.xero.grant_token()
            self.access: Any = xero_export.XeroAccess(
                token["access_token"], self.xero.tenant.tenant_id, self.xero.api_url
            )
            self.mappings: ExportMappings = MAPPINGS
        else:
            self.qbo: QboServer = request.getfixturevalue("qbo_server")
            self.access = qbo_setup.access(self.qbo)
            self.mappings = qbo_setup.mappings(self.qbo)

    def hold_answers(self, held: HeldAnswer) -> None:
        if self.provider is Provider.XERO:
            hold_xero_answers(self.xero, held)
        else:
            hold_qbo_answers(self.qbo, held)

    def numbers(self) -> Counter[str]:
        if self.provider is Provider.XERO:
            return Counter(r["InvoiceNumber"] for r in self.xero.ledger.invoices.values())
        return Counter(r["DocNumber"] for r in self.qbo.company.all("Invoice"))

    def ids(self) -> set[str]:
        if self.provider is Provider.XERO:
            return set(self.xero.ledger.invoices)
        return {r["Id"] for r in self.qbo.company.all("Invoice")}

    def export(self, session: Session, actor: Actor, ids: list[int]) -> None:
        exporter: Any = xero_export if self.provider is Provider.XERO else qbo_export
        exporter.export_invoices(session, actor, ids, self.access, self.mappings,
                                 sleep=lambda _: None)  # fmt: skip


def crash(session: Session, actor: Actor, side: Provided, ids: list[int], point: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    reached, held = spawn.Event(), HeldAnswer()
    if point == "stored_no_answer":
        side.hold_answers(held)
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    child = spawn.Process(target=export_until_killed, args=(
        url, actor.user_id, ids, side.access, side.mappings, point, reached))  # fmt: skip
    child.start()
    try:
        arrived = held.stored if point == "stored_no_answer" else reached
        while child.is_alive() and not arrived.wait(0.1):
            pass
        assert arrived.is_set(), f"the exporter ended (exit code {child.exitcode}) before {point}"
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(30)
    finally:
        held.release.set()
        if child.is_alive():
            child.kill()
    assert child.exitcode == -signal.SIGKILL


def drafts(session: Session, provider: Provider) -> list[int]:
    if provider is Provider.XERO:
        owners = customers(session, 2)
        ids = [issued(session, owners[n % 2], status=S.DRAFT).id for n in range(4)]
        session.commit()
        return [invoice_id for invoice_id in ids if invoice_id is not None]
    return qbo_setup.drafts(session, qbo_setup.customers(session, 2), 4)


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("provider", list(Provider))
def test_an_export_killed_at_any_point_then_rerun_regrouped_and_changed_creates_each_invoice_once(
    session: Session, clerk: Actor, request: pytest.FixtureRequest, provider: Provider, point: str
) -> None:
    qbo_setup.account(session)
    session.commit()
    side = Provided(provider, request)
    ids = drafts(session, provider)
    crash(session, clerk, side, ids, point)

    session.expire_all()
    invoices = session.exec(select(Invoice).where(col(Invoice.id).in_(ids))).all()
    assert {invoice.status for invoice in invoices} == {S.ISSUED}  # numbered, not Exported
    assert session.exec(select(InvoiceExport)).all() == []
    assert sum(side.numbers().values()) == (0 if point == "before_call" else 4)

    for invoice_id in ids[:2]:  # one by one
        side.export(session, clerk, [invoice_id])
    record_payment(
        session, clerk, ids[3], amount=Decimal("10.00"), received_on=dt.datetime.now(dt.UTC).date()
    )
    session.commit()  # the last invoice changed: a new version
    side.export(session, clerk, ids)  # all together

    session.expire_all()
    ours = {i.number: i for i in session.exec(select(Invoice).where(col(Invoice.id).in_(ids)))}
    assert side.numbers() == Counter(list(ours))  # each invoice once, no other
    links = session.exec(select(InvoiceExport).where(InvoiceExport.provider == provider)).all()
    assert sorted(link.invoice_id for link in links) == sorted(ids)
    assert {link.external_id for link in links} == side.ids()
    assert {invoice.status for invoice in ours.values()} == {S.EXPORTED}
    for invoice_id in ids:
        records = session.exec(
            select(ExportRecord)
            .where(ExportRecord.invoice_id == invoice_id, ExportRecord.provider == provider)
            .order_by(col(ExportRecord.id))
        ).all()
        assert records and records[-1].result is ExportResult.SUCCESS
