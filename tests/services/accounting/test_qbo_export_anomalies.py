"""What QuickBooks does wrong before the invoices go becomes a sentence and a log row per
invoice; nothing shows Exported before QuickBooks confirmed it (issue 15, point 2)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult
from billing_app.domain.status import InvoiceStatus
from billing_app.models import ExportRecord, InvoiceExport
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.qbo_client import QboCaller
from billing_app.services.actor import Actor
from tests.integrations.qbo_server import QboServer
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting import test_qbo_export as qbo_tests
from tests.services.accounting.test_qbo_export import export

clerk, qbo_server = qbo_tests.clerk, qbo_tests.qbo_server  # the fixtures


def test_quickbooks_down_in_the_customer_step_leaves_every_draft_issued_with_a_log_row(
    session: Session, clerk: Actor, qbo_server: QboServer
) -> None:
    ids = setup.drafts(session, setup.customers(session, 2), 2)
    qbo_server.fail(20, status=503)
    results = export(session, clerk, qbo_server, ids)
    assert [r.outcome for r in results] == [Outcome.FAILED] * 2
    assert all(r.message.startswith("Not exported: ") for r in results)
    assert [setup.by_id(session, i).status for i in ids] == [InvoiceStatus.ISSUED] * 2
    assert session.exec(select(InvoiceExport)).all() == []
    log = session.exec(select(ExportRecord)).all()
    assert sorted(r.invoice_id for r in log) == sorted(ids)
    assert {r.result for r in log} == {ExportResult.FAILED}


def test_a_customer_left_out_of_quickbooks_answer_fails_its_invoices_only(
    session: Session, clerk: Actor, qbo_server: QboServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = setup.drafts(session, setup.customers(session, 2), 2)
    real = QboCaller.batch

    def batch(self: QboCaller, items: list[dict[str, Any]], request_id: str) -> Any:
        answers = real(self, items, request_id)
        return answers[:-1] if "Customer" in items[0] else answers

    monkeypatch.setattr(QboCaller, "batch", batch)
    results = export(session, clerk, qbo_server, ids)
    assert [r.outcome for r in results] == [Outcome.EXPORTED, Outcome.FAILED]
    assert results[1].message.endswith("QuickBooks gave no answer for it; export again "
                                       "(it is looked up by name first).")  # fmt: skip
    assert setup.by_id(session, ids[1]).status is InvoiceStatus.ISSUED
