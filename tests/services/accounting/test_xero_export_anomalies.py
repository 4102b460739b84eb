"""What Xero does wrong becomes a sentence per invoice, and nothing shows Exported before Xero
confirmed it (issue 15, point 2)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, select

from billing_app.domain.accounting import ExportResult, Provider
from billing_app.domain.status import InvoiceStatus
from billing_app.integrations.export_invoice import ExportMappings
from billing_app.models import ExportRecord, Invoice, InvoiceExport
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.xero_calls import XeroAccess, XeroCalls, refusal
from billing_app.services.accounting.xero_export import export_invoices
from billing_app.services.actor import Actor
from tests.integrations.xero_server import XeroServer
from tests.services.accounting import test_xero_export as xero_tests
from tests.services.accounting.test_xero_export import customers, invoice_numbers, issued, run

access, clerk = xero_tests.access, xero_tests.clerk  # the fixtures

S = InvoiceStatus


def short_answers(monkeypatch: pytest.MonkeyPatch, kind: str, collection: str) -> None:
    """Xero answers the next `kind` call for one element fewer than it stored."""
    real = XeroCalls.call
    cut = [True]

    def call(self: XeroCalls, called: str, method: str, **arguments: Any) -> dict[str, Any]:
        answer = real(self, called, method, **arguments)
        if called == kind and cut:
            cut.clear()
            answer[collection] = answer[collection][:-1]
        return answer

    monkeypatch.setattr(XeroCalls, "call", call)


def test_xero_unreachable_in_the_contact_step_leaves_every_draft_issued_with_a_sentence(
    session: Session, clerk: Actor, access: XeroAccess
) -> None:
    drafts = [issued(session, owner, status=S.DRAFT) for owner in customers(session, 2)]
    session.commit()
    unreachable = XeroAccess(
        access.access_token, access.tenant_id, "http://127.0.0.1:9/api.xro/2.0"
    )
    results, _ = run(session, clerk, [d.id for d in drafts], unreachable)
    assert [r.outcome for r in results] == [Outcome.FAILED] * 2
    assert all(r.message.startswith("Not exported: Xero could not be reached") for r in results)
    session.expire_all()
    assert [session.get_one(Invoice, d.id).status for d in drafts] == [S.ISSUED] * 2
    assert session.exec(select(InvoiceExport)).all() == []
    log = session.exec(select(ExportRecord)).all()
    assert sorted(r.invoice_id for r in log) == sorted(d.id for d in drafts)
    assert {r.result for r in log} == {ExportResult.FAILED}


def test_fewer_contacts_answered_than_sent_fail_their_invoices_only(
    session: Session,
    clerk: Actor,
    xero_server: XeroServer,
    access: XeroAccess,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owners = customers(session, 2)
    drafts = [issued(session, owner, status=S.DRAFT) for owner in owners]
    session.commit()
    short_answers(monkeypatch, "PUT Contacts", "Contacts")
    results, _ = run(session, clerk, [d.id for d in drafts], access)
    assert [r.outcome for r in results] == [Outcome.EXPORTED, Outcome.FAILED]
    assert results[1].message.startswith("Xero answered for 1 of the 2 contacts sent, not for ")
    assert session.get_one(Invoice, drafts[1].id, populate_existing=True).status is S.ISSUED


def test_an_invoice_xero_stored_but_left_out_of_its_answer_is_linked_by_the_rerun(
    session: Session,
    clerk: Actor,
    xero_server: XeroServer,
    access: XeroAccess,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = customers(session, 1)[0]
    drafts = [issued(session, owner, status=S.DRAFT) for _ in range(3)]
    session.commit()
    ids = [d.id for d in drafts]
    short_answers(monkeypatch, "PUT Invoices", "Invoices")
    results, _ = run(session, clerk, ids, access)
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 2 + [Outcome.FAILED]
    assert results[2].message.startswith("Xero answered for 2 of the 3 invoices sent")
    assert session.get_one(Invoice, ids[2], populate_existing=True).status is S.ISSUED
    monkeypatch.undo()
    results, _ = run(session, clerk, ids, access)  # found by its number, not created again
    assert [r.outcome for r in results] == [Outcome.EXPORTED] * 3
    assert sorted(invoice_numbers(xero_server).values()) == [1, 1, 1]
    assert xero_server.calls["PUT Invoices"] == 1


def test_xero_refusing_several_lines_for_one_reason_says_it_once() -> None:
    said = ["Code 'X' does not exist.", "Code 'X' does not exist.", "Too long"]
    record = {"ValidationErrors": [{"Message": message} for message in said]}
    assert refusal(record, "InvoiceID") == "Code 'X' does not exist; Too long."


def test_an_invoice_refused_then_exported_again_once_mapped_is_a_new_request(
    session: Session, clerk: Actor, xero_server: XeroServer, access: XeroAccess
) -> None:
    draft = issued(session, customers(session, 1)[0], status=S.DRAFT)
    session.commit()
    wrong = ExportMappings(Provider.XERO, sales_account="200", tax_codes={"22": "BOGUS"})
    (refused,) = export_invoices(session, clerk, [draft.id], access, wrong)
    assert refused.outcome is Outcome.FAILED and "BOGUS" in refused.message
    ((exported,), _) = run(session, clerk, [draft.id], access)  # same version, fixed mapping
    assert exported.outcome is Outcome.EXPORTED, exported.message
    keys = [e.headers["Idempotency-Key"] for e in xero_server.log if e.kind == "PUT Invoices"]
    assert len(keys) == len(set(keys)) == 2
    assert sum(invoice_numbers(xero_server).values()) == 1
