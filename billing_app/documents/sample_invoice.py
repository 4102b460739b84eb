"""A made-up invoice to preview a design with before any real one exists, and to check
custom templates against: every group of lines, a payment, notes, a draft and an issued one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from billing_app.domain.money import ZERO
from billing_app.domain.payments import PaymentKind, balance_due
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.totals import LineInput, compute_totals
from billing_app.domain.work import LineKind
from billing_app.models import Customer
from billing_app.services.invoices.detail import InvoiceDetail, LineRow, PaymentRow

D = Decimal
LINES = (  # kind, description, quantity, unit price, tax rate
    (LineKind.CONTRACT_FEE, "Managed IT services: 25 workstations", D(1), D("1250.00"), D(22)),
    (LineKind.TICKET, "#1042 Mail server migration", D("3.5"), D("65.00"), D(22)),
    (LineKind.TIME_ENTRY, "On-site visit: firewall replacement", D(2), D("65.00"), D(22)),
    (LineKind.EXPENSE, "Replacement SSD, 1 TB", D(1), D("89.90"), D(22)),
    (LineKind.PRODUCT, "Microsoft 365 Business Standard, monthly", D(12), D("11.70"), D(22)),
    (LineKind.CUSTOM, "Travel", D(1), D("30.00"), D(0)),
)


def sample_customer() -> Customer:
    return Customer(
        name="Sample Customer S.p.A.", street="Corso Vittorio Emanuele 12", city="Torino",
        postcode="10121", country="IT", vat_id="IT09876543210", currency="EUR",
    )  # fmt: skip


def sample_invoice(
    currency: str, today: dt.date, *, draft: bool = False, with_payment: bool = False
) -> InvoiceDetail:
    inputs = [LineInput(qty, price, rate) for _, _, qty, price, rate in LINES]
    totals = compute_totals(inputs, currency)
    lines = [
        LineRow(index, kind, text, qty, price, ZERO, rate, amounts.net, amounts.tax)
        for index, ((kind, text, qty, price, rate), amounts) in enumerate(
            zip(LINES, totals.lines, strict=True), start=1
        )
    ]
    paid = D(500) if with_payment else ZERO
    status = InvoiceStatus.DRAFT if draft else InvoiceStatus.SENT
    return InvoiceDetail(
        id=0, number=None if draft else f"{today.year}-00042", status=status,
        customer="Sample Customer S.p.A.", customer_id=0, contract="Managed services 2026",
        batch=None, batch_id=None, currency=currency,
        created_at=dt.datetime.combine(today, dt.time(9), dt.UTC),
        issue_date=None if draft else today,
        due_date=None if draft else today + dt.timedelta(days=30),
        notes="Thank you for your business." if with_payment else "",
        net=totals.net, tax=totals.tax, total=totals.total, paid=paid,
        balance=balance_due(totals.total, paid, status), lines=lines,
        tax_by_rate=totals.tax_by_rate,
        payments=[PaymentRow(1, PaymentKind.PAYMENT, today, paid, "bank transfer", "CRO 0042")]
        if with_payment else [],
    )  # fmt: skip
