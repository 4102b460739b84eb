"""Invoices in the database → `ExportInvoice` snapshots for any provider (Xero, QuickBooks).

Provider-neutral: the provider only decides which stored external ids (the customer's contact
id, the invoice's InvoiceExport row) come along. A few queries for any number of invoices
(invoices, their lines with the products' item codes, customers, InvoiceExport rows), so
exporting a thousand invoices stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, col, select

from billing_app.documents.email import address_list
from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.integrations.export_invoice import ExportCustomer, ExportInvoice, ExportLine
from billing_app.models import Customer, Invoice, InvoiceExport, InvoiceLine, Product


def export_customer(customer: Customer, provider: Provider) -> ExportCustomer:
    assert customer.id is not None
    stored = (
        customer.xero_contact_id if provider is Provider.XERO else customer.quickbooks_customer_id
    )
    return ExportCustomer(
        id=customer.id,
        name=customer.name,
        emails=tuple(address_list(customer.billing_emails)),
        vat_id=customer.vat_id,
        currency=customer.currency,
        external_id=stored,
    )


def export_lines(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[ExportLine]]:
    """The lines of each invoice in their order, with their products' item codes (one query)."""
    rows = session.exec(
        select(InvoiceLine, Product.accounting_item_code)
        .join(Product, col(Product.id) == col(InvoiceLine.product_id), isouter=True)
        .where(col(InvoiceLine.invoice_id).in_(invoice_ids))
        .order_by(col(InvoiceLine.invoice_id), col(InvoiceLine.position), col(InvoiceLine.id))
    ).all()
    lines: dict[int, list[ExportLine]] = defaultdict(list)
    for line, item_code in rows:
        lines[line.invoice_id].append(
            ExportLine(kind=line.kind, description=line.description, quantity=line.quantity,
                       unit_price=line.unit_price, tax_rate=line.tax_rate, net=line.net,
                       tax=line.tax, discount=line.discount, item_code=item_code or None)
        )  # fmt: skip
    return lines


def export_snapshots(
    session: Session, invoice_ids: Sequence[int], provider: Provider
) -> dict[int, ExportInvoice]:
    """The snapshot of each invoice by id, in the order asked; unknown ids are missing.

    Drafts have no number or dates yet: issue them first (a Draft here is refused).
    """
    ids = list(dict.fromkeys(invoice_ids))
    invoices = session.exec(select(Invoice).where(col(Invoice.id).in_(ids))).all()
    customer_ids = {invoice.customer_id for invoice in invoices}
    customers = {
        c.id: export_customer(c, provider)
        for c in session.exec(select(Customer).where(col(Customer.id).in_(customer_ids))).all()
    }
    exported = dict(
        session.exec(
            select(InvoiceExport.invoice_id, InvoiceExport.external_id).where(
                col(InvoiceExport.invoice_id).in_(ids), InvoiceExport.provider == provider
            )
        ).all()
    )
    lines = export_lines(session, ids)
    by_id = {invoice.id: invoice for invoice in invoices}
    snapshots: dict[int, ExportInvoice] = {}
    for invoice_id in ids:
        invoice = by_id.get(invoice_id)
        if invoice is None:
            continue
        if invoice.number is None or invoice.issue_date is None:
            raise BillingError(
                "invoice_not_issued", f"Draft #{invoice_id} must be issued before it is exported."
            )
        snapshots[invoice_id] = ExportInvoice(
            id=invoice_id, version=invoice.version, number=invoice.number,
            issue_date=invoice.issue_date, due_date=invoice.due_date, currency=invoice.currency,
            prices_include_tax=invoice.prices_include_tax,
            customer=customers[invoice.customer_id], lines=tuple(lines.get(invoice_id, ())),
            net_total=invoice.net_total, tax_total=invoice.tax_total, total=invoice.total,
            status=invoice.status, reference=_reference(invoice),
            external_id=exported.get(invoice_id),
        )  # fmt: skip
    return snapshots


def _reference(invoice: Invoice) -> str:
    if invoice.period_start and invoice.period_end:
        return f"{invoice.period_start.isoformat()} – {invoice.period_end.isoformat()}"
    return ""
