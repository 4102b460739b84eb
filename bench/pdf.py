"""Benchmark: render invoice PDFs (issue 6).

    .venv/bin/python -m bench.pdf --runs 15

On a fresh SQLite file, issues a one-page invoice (3 lines) and a long one (360 lines), then
prints the median time of invoice_pdf for each and its page count. Target: one page ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from sqlmodel import Session

from bench.seed import fresh_database, insert_account, insert_customers
from billing_app.db import create_db_engine
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.models import InvoiceLine
from billing_app.services.actor import SYSTEM
from billing_app.services.invoice_pdf import invoice_pdf
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.lines import add_line
from billing_app.services.invoices.status import set_status


def issued_invoice(session: Session, lines: int) -> int:
    invoice_id = create_flexible_invoice(session, SYSTEM, 1)
    for n in range(lines):
        add_line(session, SYSTEM, invoice_id, InvoiceLine(
            kind=LineKind.CUSTOM, description=f"Managed backup, workstation {n + 1}",
            quantity=Decimal(1), unit_price=Decimal("12.50"), tax_rate=Decimal(22), invoice_id=0,
        ))  # fmt: skip
    set_status(session, SYSTEM, invoice_id, InvoiceStatus.SENT)
    session.commit()
    return invoice_id


def measure(session: Session, invoice_id: int, runs: int) -> tuple[float, int]:
    """Median milliseconds of invoice_pdf, and the PDF's page count."""
    times, pdf = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        pdf = invoice_pdf(session, SYSTEM, invoice_id)[1]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(fresh_database("sqlite", Path(folder)))
        now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        with engine.begin() as c:
            insert_account(c, now)
            insert_customers(c, 1, now, lambda i: f"Customer {i:05}")
        with Session(engine) as session:
            invoice_pdf(session, SYSTEM, issued_invoice(session, 1))  # warm up fonts and CSS
            for label, lines in (("short", 3), ("long", 360)):
                median, pages = measure(session, issued_invoice(session, lines), args.runs)
                print(f"{label:>5}: {lines:3} lines, {pages:2} pages, median {median:6.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
