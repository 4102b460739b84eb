"""A busy MSP's billing history for the Billing page benchmark.

Monthly batches from January 2024 to October 2026, each billing most customers once, plus
one flexible invoice in ten outside any batch. October's invoices are still Drafts; older
ones were issued on the 1st of the next month, numbered gaplessly per year in that order
(`2025-00001`...), and are mostly Paid (some in two payments, a few refunded), the rest
Sent or Exported, some with a partial payment. Totals come from the lines through
`domain.totals`, as the app computes them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from bench.seed import catch_up_sequences, insert_account, insert_customers, table
from billing_app.domain.money import quantize
from billing_app.domain.payments import PaymentKind, PaymentSource
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.totals import LineInput, compute_totals
from billing_app.domain.work import LineKind
from billing_app.models import Customer, Invoice, InvoiceBatch, InvoiceLine, NumberCounter, Payment

D = Decimal
EUR = "EUR"
FIRST_MONTH, LAST_MONTH = dt.date(2024, 1, 1), dt.date(2026, 10, 1)
MONTH_BEFORE_LAST = dt.date(2026, 9, 1)
IN_A_BATCH = 0.9
SURNAMES = (
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
)
TRADES = (
    "Studio Legale",
    "Farmacia",
    "Officina",
    "Studio Dentistico",
    "Hotel",
    "Ristorante",
    "Commercialisti",
    "Architetti",
    "Logistica",
    "Ottica",
    "Panificio",
    "Assicurazioni",
)
FORMS = ("S.r.l.", "S.p.A.", "S.n.c.", "& Figli", "Associati")
FEES = (D(250), D(400), D(650), D(1200))
HOURS = tuple(D(q) / 4 for q in range(2, 49))  # 0.5 h to 12 h in quarters


@dataclass
class History:
    """The generated rows, in insert order, and what they add up to."""

    batches: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)


def customer_name(i: int) -> str:
    """Distinct, searchable names such as `Farmacia Rossi S.r.l. 0042`."""
    return (
        f"{TRADES[i % len(TRADES)]} {SURNAMES[i // len(TRADES) % len(SURNAMES)]} "
        f"{FORMS[i % len(FORMS)]} {i:04}"
    )


def months() -> list[dt.date]:
    found, month = [], FIRST_MONTH
    while month <= LAST_MONTH:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _lines(rng: random.Random, month: dt.date) -> list[tuple[LineKind, str, LineInput]]:
    label = month.strftime("%B %Y")
    lines = [
        (
            LineKind.CONTRACT_FEE,
            f"Managed services, {label}",
            LineInput(D(1), rng.choice(FEES), D(22)),
        ),
        (LineKind.TIME_ENTRY, "Remote support", LineInput(rng.choice(HOURS), D(70), D(22))),
    ]
    if rng.random() < 0.5:
        parts = LineInput(D(rng.randint(1, 5)), D("24.90"), D(22))
        lines.append((LineKind.EXPENSE, "Parts and licences", parts))
    if rng.random() < 0.2:
        lines.append((LineKind.PRODUCT, "Backup storage 500 GB", LineInput(D(1), D(35), D(22))))
    return lines


def _status(rng: random.Random, month: dt.date) -> InvoiceStatus:
    if month == LAST_MONTH:
        return InvoiceStatus.DRAFT
    if month == MONTH_BEFORE_LAST:
        return rng.choice((InvoiceStatus.SENT, InvoiceStatus.EXPORTED, InvoiceStatus.PAID))
    roll = rng.random()
    if roll < 0.85:
        return InvoiceStatus.PAID
    if roll < 0.91:
        return InvoiceStatus.EXPORTED
    if roll < 0.99:
        return InvoiceStatus.SENT
    return InvoiceStatus.REFUNDED


def _pay(history: History, rng: random.Random, invoice: dict[str, Any]) -> None:
    """The payments behind the invoice's status, and its `amount_paid`."""
    total, status, due = invoice["total"], invoice["status"], invoice["due_date"]
    received: list[Decimal] = []
    if status in (InvoiceStatus.PAID, InvoiceStatus.REFUNDED):
        first = quantize(total / 2, EUR) if rng.random() < 0.2 else total
        received = [first, total - first] if first != total else [total]
    elif rng.random() < 0.3:
        received = [quantize(total / 2, EUR)]
    for n, amount in enumerate(received):
        history.payments.append(_payment(invoice, PaymentKind.PAYMENT, amount, due, n))
    invoice["amount_paid"] = sum(received, D(0))
    if status is InvoiceStatus.REFUNDED:
        refund_on = due + dt.timedelta(days=20)
        history.payments.append(_payment(invoice, PaymentKind.REFUND, total, refund_on, 9))
        invoice["amount_paid"] = D(0)


def _payment(
    invoice: dict[str, Any], kind: PaymentKind, amount: Decimal, on: dt.date, n: int
) -> dict[str, Any]:
    return {
        "invoice_id": invoice["id"],
        "kind": kind,
        "received_on": on,
        "amount": amount,
        "method": "Bank transfer",
        "reference": f"CRO {invoice['id']}-{n}",
        "source": PaymentSource.MANUAL,
        "external_id": None,
        "recorded_at": dt.datetime.combine(on, dt.time(10), dt.UTC),
    }


def _invoice(
    history: History, rng: random.Random, customer: int, batch: int | None, month: dt.date
) -> None:
    lines = _lines(rng, month)
    totals = compute_totals([line for _, _, line in lines], EUR)
    created = (
        dt.datetime.combine(_month_end(month) + dt.timedelta(days=1), dt.time(8), dt.UTC)
        if batch is not None
        else dt.datetime.combine(month + dt.timedelta(days=rng.randint(0, 27)), dt.time(15), dt.UTC)
    )
    invoice_id = len(history.invoices) + 1
    history.invoices.append(
        {
            "id": invoice_id,
            "customer_id": customer,
            "contract_id": None,
            "batch_id": batch,
            "status": _status(rng, month),
            "currency": EUR,
            "prices_include_tax": False,
            "period_start": month,
            "period_end": _month_end(month),
            "net_total": totals.net,
            "tax_total": totals.tax,
            "total": totals.total,
            "amount_paid": D(0),
            "notes": "",
            "version": 1,
            "created_at": created,
            "updated_at": created,
        }
    )
    for position, ((kind, description, line), amounts) in enumerate(
        zip(lines, totals.lines, strict=True)
    ):
        history.lines.append(
            {
                "invoice_id": invoice_id,
                "position": position,
                "kind": kind,
                "description": description,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "discount": line.discount,
                "tax_rate": line.tax_rate,
                "net": amounts.net,
                "tax": amounts.tax,
            }
        )


def _number(history: History, rng: random.Random) -> None:
    """Issue in order of creation: gapless numbers per year, then the payments."""
    for invoice in sorted(history.invoices, key=lambda row: (row["created_at"], row["id"])):
        issued = invoice["status"] is not InvoiceStatus.DRAFT
        day = invoice["created_at"].date()
        series = str(day.year)
        if issued:
            history.counters[series] += 1
        sequence = history.counters[series] if issued else None
        invoice |= {
            "series": series if issued else None,
            "sequence": sequence,
            "number": f"{series}-{sequence:05}" if issued else None,
            "issue_date": day if issued else None,
            "due_date": day + dt.timedelta(days=30) if issued else None,
        }
        if issued:
            _pay(history, rng, invoice)


def _batch(batch_id: int, month: dt.date) -> dict[str, Any]:
    return {
        "id": batch_id,
        "name": month.strftime("%B %Y"),
        "period_start": month,
        "period_end": _month_end(month),
        "created_by": "billing@bench.test",
        "created_at": dt.datetime.combine(
            _month_end(month) + dt.timedelta(days=1), dt.time(8), dt.UTC
        ),
    }


def one_batch(invoices: int, rng: random.Random) -> History:
    """September 2026's batch alone: one issued invoice for each of customers 1..invoices."""
    made = History(batches=[_batch(1, MONTH_BEFORE_LAST)])
    for customer in range(1, invoices + 1):
        _invoice(made, rng, customer, 1, MONTH_BEFORE_LAST)
    _number(made, rng)
    return made


def history(customers: int, invoices: int, rng: random.Random) -> History:
    made = History()
    calendar = months()
    per_month = invoices // len(calendar)
    for index, month in enumerate(calendar):
        count = per_month + (invoices - per_month * len(calendar) if index == 0 else 0)
        batched = round(count * IN_A_BATCH)
        made.batches.append(_batch(index + 1, month))
        billed = rng.sample(range(1, customers + 1), min(batched, customers))
        for n in range(count):
            customer = billed[n] if n < len(billed) else rng.randint(1, customers)
            _invoice(made, rng, customer, index + 1 if n < len(billed) else None, month)
    _number(made, rng)
    return made


def insert_history(engine: sa.Engine, customers: int, made: History) -> None:
    now = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    with engine.begin() as c:
        insert_account(c, now)
        insert_customers(c, customers, now, customer_name)
        c.execute(sa.insert(table(InvoiceBatch)), made.batches)
        c.execute(sa.insert(table(Invoice)), made.invoices)
        c.execute(sa.insert(table(InvoiceLine)), made.lines)
        c.execute(sa.insert(table(Payment)), made.payments)
        c.execute(
            sa.insert(table(NumberCounter)),
            [{"series": s, "next_value": n + 1} for s, n in sorted(made.counters.items())],
        )
        catch_up_sequences(c, [table(Customer), table(InvoiceBatch), table(Invoice)])
