"""Invoices in the database → `ExportInvoice` snapshots for any provider (Xero, QuickBooks).

A few queries for any number of invoices (invoices, their lines, customers, products and
the provider's InvoiceExport rows), so exporting a thousand invoices stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, col, select

from billing_app.documents.email import address_list
from billing_app.domain.accounting import Provider
from billing_app.integrations.export_invoice import ExportCustomer, ExportInvoice, ExportLine
from billing_app.models import Customer, Invoice, InvoiceExport, InvoiceLine, Product


def external_customer_id(customer: Customer, provider: Provider) -> str | None:
    if provider is Provider.XERO:
        return customer.xero_contact_id
    return customer.quickbooks_customer_id


def export_customer(customer: Customer, provider: Provider) -> ExportCustomer:
    assert customer.id is not None
    return ExportCustomer(
        id=customer.id,
        name=customer.name,
        emails=tuple(address_list(customer.billing_emails)),
        vat_id=customer.vat_id,
        currency=customer.currency,
        external_id=external_customer_id(customer, provider),
    )


def lines_by_invoice(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[InvoiceLine]]:
    rows = session.exec(
        select(InvoiceLine)
        .where(col(InvoiceLine.invoice_id).in_(invoice_ids))
        .order_by(col(InvoiceLine.invoice_id), col(InvoiceLine.position), col(InvoiceLine.id))
    )
    lines: dict[int, list[InvoiceLine]] = defaultdict(list)
    for line in rows:
        lines[line.invoice_id].append(line)
    return lines


def _item_codes(session: Session, lines: list[InvoiceLine]) -> dict[int, str]:
    product_ids = {line.product_id for line in lines if line.product_id}
    if not product_ids:
        return {}
    rows = session.exec(
        select(Product.id, Product.accounting_item_code).where(col(Product.id).in_(product_ids))
    )
    return {product_id: code for product_id, code in rows if product_id and code}


def _reference(invoice: Invoice) -> str:
    if invoice.period_start and invoice.period_end:
        return f"{invoice.period_start.isoformat()} – {invoice.period_end.isoformat()}"
    return ""


def export_lines(lines: list[InvoiceLine], item_codes: dict[int, str]) -> tuple[ExportLine, ...]:
    return tuple(
        ExportLine(kind=line.kind, description=line.description, quantity=line.quantity,
                   unit_price=line.unit_price, tax_rate=line.tax_rate, net=line.net,
                   tax=line.tax, discount=line.discount,
                   item_code=item_codes.get(line.product_id) if line.product_id else None)
        for line in lines
    )  # fmt: skip


def snapshots(
    session: Session, invoice_ids: Sequence[int], provider: Provider
) -> dict[int, ExportInvoice]:
    """The issued invoices among `invoice_ids` as snapshots, by invoice id (Drafts have no
    number yet: issue them first)."""
    invoices = session.exec(
        select(Invoice).where(col(Invoice.id).in_(invoice_ids), col(Invoice.number).is_not(None))
    ).all()
    ids = [invoice.id for invoice in invoices if invoice.id is not None]
    lines = lines_by_invoice(session, ids)
    codes = _item_codes(session, [line for group in lines.values() for line in group])
    customer_ids = {invoice.customer_id for invoice in invoices}
    customers = {
        customer.id: export_customer(customer, provider)
        for customer in session.exec(select(Customer).where(col(Customer.id).in_(customer_ids)))
    }
    exported = dict(
        session.exec(
            select(InvoiceExport.invoice_id, InvoiceExport.external_id).where(
                col(InvoiceExport.invoice_id).in_(ids), InvoiceExport.provider == provider
            )
        ).all()
    )
    result: dict[int, ExportInvoice] = {}
    for invoice in invoices:
        assert invoice.id is not None and invoice.number and invoice.issue_date
        result[invoice.id] = ExportInvoice(
            id=invoice.id, version=invoice.version, number=invoice.number,
            issue_date=invoice.issue_date, due_date=invoice.due_date, currency=invoice.currency,
            prices_include_tax=invoice.prices_include_tax,
            customer=customers[invoice.customer_id],
            lines=export_lines(lines.get(invoice.id, []), codes), net_total=invoice.net_total,
            tax_total=invoice.tax_total, total=invoice.total, status=invoice.status,
            reference=_reference(invoice), external_id=exported.get(invoice.id),
        )  # fmt: skip
    return result
