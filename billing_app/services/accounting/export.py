"""Export invoices to the connected accounting system: the one entry point for the pages.

Picks the connection, its live access and mappings, and hands over to the provider's export
service (xero_export / qbo_export), which commits as it goes and returns one result per invoice.
An invoice refunded here goes with its credit: once the invoice is in the provider, the refund's
credit note follows it (services/accounting/credit_notes.py), so the provider never holds it as
an open invoice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlmodel import Session, col, select

from billing_app.domain.accounting import ConnectionStatus, Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.domain.status import InvoiceStatus
from billing_app.models import AccountingConnection, Invoice, InvoiceBatch, Payment
from billing_app.services.accounting import qbo_export, xero_export
from billing_app.services.accounting.connection_row import live_connections
from billing_app.services.accounting.connections import access_for
from billing_app.services.accounting.credit_notes import Clock, push_refund, push_warning
from billing_app.services.accounting.export_log import InvoiceExportResult, Outcome
from billing_app.services.accounting.mappings import mappings_of
from billing_app.services.accounting.payment_push import payment_push_warning, push_payments_of
from billing_app.services.accounting.qbo_client import QuickBooksAccess
from billing_app.services.accounting.xero_calls import XeroAccess
from billing_app.services.actor import Actor
from billing_app.services.authorization import require

REAL_TIME = Clock()


def connected_providers(session: Session, actor: Actor) -> list[Provider]:
    """The providers an invoice can be exported to now, in Provider order."""
    require(session, actor, Permission.VIEW_BILLING, "see where invoices can be exported")
    connected = {row.provider for row in live_connections(session)}
    return [provider for provider in Provider if provider in connected]


def batch_invoice_ids(session: Session, actor: Actor, batch_id: int) -> list[int]:
    """What Export batch exports: every invoice of the batch, in order."""
    require(session, actor, Permission.CHANGE_BILLING, "export invoices")
    if session.get(InvoiceBatch, batch_id) is None:
        raise BillingError("batch_not_found", "That batch does not exist (any more).")
    ids = session.exec(
        select(Invoice.id).where(Invoice.batch_id == batch_id).order_by(col(Invoice.id))
    ).all()
    return [invoice_id for invoice_id in ids if invoice_id is not None]


def export_invoices_to(
    session: Session,
    actor: Actor,
    provider: Provider,
    invoice_ids: Sequence[int],
    clock: Clock = REAL_TIME,
) -> list[InvoiceExportResult]:
    """One result per invoice, in the order asked (the provider service commits as it goes)."""
    require(session, actor, Permission.CHANGE_BILLING, f"export invoices to {provider.label}")
    row = session.exec(
        select(AccountingConnection).where(AccountingConnection.provider == provider)
    ).first()
    if row is None or row.status is ConnectionStatus.DISCONNECTED:
        raise BillingError(
            "not_connected", f"Connect {provider.label} in Admin > Accounting first."
        )
    mappings = mappings_of(row)
    access = access_for(session, provider)
    if provider is Provider.XERO:
        xero = XeroAccess.live(access)
        results = xero_export.export_invoices(session, actor, invoice_ids, xero, mappings)
    else:
        qbo = QuickBooksAccess.live(access)
        results = qbo_export.export_invoices(session, actor, invoice_ids, qbo, mappings)
    exported = [r.invoice_id for r in results if r.outcome is Outcome.EXPORTED]
    settled = _settled_here(session, exported)
    return [
        _with_settlements(session, actor, provider, result, clock)
        if result.invoice_id in settled else result
        for result in results
    ]  # fmt: skip


def _settled_here(session: Session, invoice_ids: list[int]) -> set[int]:
    """The invoices with a payment or refund recorded here: what may have to follow them."""
    if not invoice_ids:
        return set()
    paid = select(Payment.invoice_id).where(col(Payment.invoice_id).in_(invoice_ids))
    return set(session.exec(paid.distinct()).all())


def _with_settlements(
    session: Session, actor: Actor, provider: Provider, result: InvoiceExportResult, clock: Clock
) -> InvoiceExportResult:
    """An invoice just exported takes along what settles it here: a refunded one its credit
    note, any other the payments recorded by hand; or the sentence why not."""
    invoice = session.get(Invoice, result.invoice_id)
    if invoice is None:
        return result
    if invoice.status is not InvoiceStatus.REFUNDED:  # its payments here follow it
        payments = [r for r in push_payments_of(session, actor, result.invoice_id, clock)
                    if r.provider is provider]  # fmt: skip
        if not_pushed := payment_push_warning(payments):
            return replace(result, message=not_pushed)
        return result
    pushed = [r for r in push_refund(session, actor, result.invoice_id, clock)
              if r.provider is provider]  # fmt: skip
    if warning := push_warning(pushed):
        return replace(result, message=warning)
    return result
