"""The Invoice page's accounting lines: in the provider since when, or why not, and the credit
note of a refund (against the Xero and QuickBooks test servers)."""

from __future__ import annotations

import pytest

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.services.accounting.credit_notes import push_pending_refunds
from billing_app.services.accounting.export import export_invoices_to
from billing_app.services.accounting.export_log import Outcome
from billing_app.services.accounting.invoice_links import LinkState, accounting_links
from billing_app.services.accounting.mappings import MappingsInput, save_mappings
from billing_app.services.accounting.payment_push import push_payment, push_pending_payments
from tests import factories
from tests.services.accounting import qbo_setup as setup
from tests.services.accounting.test_connections import connect
from tests.services.accounting.test_credit_notes import (
    NO_WAIT,
    connected,
    exported_and_paid,
    refund_and_push,
)
from tests.services.accounting.test_payment_push import exported, pay_here


def test_an_invoice_never_exported_has_no_accounting_lines(session, admin):
    setup.account(session)
    (invoice_id,) = setup.drafts(session, setup.customers(session, 1), 1)
    assert accounting_links(session, admin, invoice_id) == []


def test_an_exported_invoice_says_since_when_it_is_in_the_provider(session, admin, qbo_server):
    connected(session, admin, Provider.XERO, qbo_server)
    invoice_id, external_id = exported_and_paid(session, admin, Provider.XERO)
    (link,) = accounting_links(session, admin, invoice_id)
    assert (link.provider, link.document, link.state) == ("Xero", "Invoice", LinkState.IN)
    assert link.sentence.startswith("In Xero since ") and link.external_id == external_id


def test_an_export_refused_for_a_missing_mapping_says_why_it_is_not_there(session, admin):
    connect(session, admin, Provider.XERO)  # connected, nothing mapped
    setup.account(session)
    (invoice_id,) = setup.drafts(session, setup.customers(session, 1), 1)
    (result,) = export_invoices_to(session, admin, Provider.XERO, [invoice_id])
    assert result.outcome is Outcome.MISSING_MAPPING
    (link,) = accounting_links(session, admin, invoice_id)
    assert link.state is LinkState.FAILED and link.external_id == ""
    assert link.sentence.startswith("Not in Xero (tried ")
    assert link.sentence.endswith(f"): {result.message} Export again once fixed.")


def test_an_update_refused_after_the_export_says_the_provider_has_an_older_version(
    session, admin, qbo_server
):
    connected(session, admin, Provider.XERO, qbo_server)
    invoice_id, external_id = exported_and_paid(session, admin, Provider.XERO)
    save_mappings(session, admin, Provider.XERO, MappingsInput(sales_account="200"))
    session.commit()
    (again,) = export_invoices_to(session, admin, Provider.XERO, [invoice_id])
    assert again.outcome is Outcome.MISSING_MAPPING
    (link,) = accounting_links(session, admin, invoice_id)
    assert link.state is LinkState.FAILED and link.external_id == external_id
    assert link.sentence.startswith("In Xero since ")
    assert link.sentence.endswith(f"failed: {again.message}")


def test_a_refund_shows_its_credit_note_or_why_it_is_still_pending(session, admin, qbo_server):
    connected(session, admin, Provider.QUICKBOOKS, qbo_server)
    invoice_id, _ = exported_and_paid(session, admin, Provider.QUICKBOOKS)
    qbo_server.fail(times=5, status=503)
    (failed,) = refund_and_push(session, admin, invoice_id)
    invoice_link, credit = accounting_links(session, admin, invoice_id)
    assert invoice_link.state is LinkState.IN
    assert (credit.document, credit.state) == ("Credit note", LinkState.PENDING)
    assert failed.message in credit.sentence and "next payment sync" in credit.sentence
    (pushed,) = push_pending_refunds(session, admin, NO_WAIT)
    _, credit = accounting_links(session, admin, invoice_id)
    assert credit.state is LinkState.IN and credit.external_id == pushed.external_id
    assert credit.sentence.startswith("Refund credited in QuickBooks Online since ")


def test_a_payment_pushed_shows_where_it_is_or_why_it_is_still_pending(session, admin, qbo_server):
    connected(session, admin, Provider.QUICKBOOKS, qbo_server)
    invoice_id, _ = exported(session, admin, Provider.QUICKBOOKS)
    first, second = pay_here(session, admin, invoice_id), pay_here(session, admin, invoice_id)
    (pushed,) = push_payment(session, admin, first, NO_WAIT)
    qbo_server.fail(times=5, status=503)
    (failed,) = push_payment(session, admin, second, NO_WAIT)
    invoice_link, there, pending = accounting_links(session, admin, invoice_id)
    assert invoice_link.document == "Invoice"
    assert (there.document, there.state, there.external_id) == (
        "Payment", LinkState.IN, pushed.external_id)  # fmt: skip
    assert there.sentence.startswith("Payment of ")
    assert there.sentence.endswith(": recorded in QuickBooks Online.")
    assert (pending.document, pending.state, pending.external_id) == (
        "Payment", LinkState.PENDING, "")  # fmt: skip
    assert pending.sentence.endswith(
        f": not in QuickBooks Online yet: {failed.message.rstrip('.')}; "
        "the next payment sync tries again."
    )
    push_pending_payments(session, admin, NO_WAIT)
    states = [link.state for link in accounting_links(session, admin, invoice_id)]
    assert states == [LinkState.IN, LinkState.IN, LinkState.IN]


def test_a_technician_may_not_read_the_accounting_lines(session, admin):
    technician = factories.actor(factories.user(session, Role.TECHNICIAN))
    session.commit()  # a refusal is audited in its own transaction
    with pytest.raises(BillingError):
        accounting_links(session, technician, 1)
