"""Benchmark: render invoice PDFs (issue 6).

    .venv/bin/python -m bench.pdf --runs 15 --batch 200 --batch-runs 3

On a fresh SQLite file, issues a one-page invoice (3 lines) and a long one (360 lines), then
prints the median time of invoice_pdf for each and its page count. Target: one page ≤ 150 ms.
Then downloads a batch of 200 issued invoices as a zip (batch_pdfs) with 1 process and with
one per core: the first run with all cores also starts the process server, later runs reuse
it (as a running app does). Target: speed-up ≥ 1.7 on 2 cores. The cores may be shared:
the last line says what they gave a pure-Python loop just before and after, the most the
batch could get at that moment.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

from pypdf import PdfReader
from sqlmodel import Session

from bench.billing_data import insert_history, one_batch
from bench.seed import fresh_database
from billing_app.db import create_db_engine
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.models import InvoiceLine
from billing_app.services.actor import SYSTEM
from billing_app.services.batches.pdfs import batch_pdfs
from billing_app.services.invoice_pdf import invoice_pdf
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.lines import add_line
from billing_app.services.invoices.status import set_status

BATCH_ID = 1  # the one batch of `one_batch`


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


def spin(_: int) -> int:
    return sum(i * i for i in range(3_000_000))


def ceiling(processes: int) -> float:
    """What `processes` give a pure-Python loop right now: on a machine shared with other
    work, the speed-up the batch can hope for. (Spawned: the fork server stays the app's.)"""
    start = time.perf_counter()
    for n in range(8):
        spin(n)
    alone = time.perf_counter() - start
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        list(pool.map(spin, range(processes)))  # started
        start = time.perf_counter()
        list(pool.map(spin, range(8)))
        return alone / (time.perf_counter() - start)


def measure_batch(session: Session, invoices: int, runs: int) -> None:
    """Seconds to zip the batch's PDFs with 1 process and with all cores, taken in turns
    (a neighbour's load then slows both alike), and the speed-up of the medians."""
    times: dict[int, list[float]] = {n: [] for n in sorted({1, os.cpu_count() or 1})}
    size = 0
    for _ in range(runs):
        for processes, taken in times.items():
            start = time.perf_counter()
            zipped = batch_pdfs(session, SYSTEM, BATCH_ID, processes=processes)
            taken.append(time.perf_counter() - start)
            assert zipped.count == invoices, zipped.count
            size = len(zipped.data)
    medians = {processes: statistics.median(taken) for processes, taken in times.items()}
    for processes, taken in times.items():
        print(f"batch: {invoices} invoices, {processes} process{'es' if processes > 1 else ''}: "
              f"median {medians[processes]:5.1f} s (runs: {', '.join(f'{t:.1f}' for t in taken)}), "
              f"zip {size / 1e6:.1f} MB")  # fmt: skip
    if len(medians) > 1:
        print(f"speed-up: {medians[1] / medians[max(medians)]:.2f}× on {max(medians)} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--batch", type=int, default=200, help="invoices in the batch")
    parser.add_argument("--batch-runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(fresh_database("sqlite", Path(folder)))
        insert_history(engine, args.batch, one_batch(args.batch, random.Random(6)))
        with Session(engine) as session:
            invoice_pdf(session, SYSTEM, issued_invoice(session, 1))  # warm up fonts and CSS
            for label, lines in (("short", 3), ("long", 360)):
                median, pages = measure(session, issued_invoice(session, lines), args.runs)
                print(f"{label:>5}: {lines:3} lines, {pages:2} pages, median {median:6.1f} ms")
            before = ceiling(os.cpu_count() or 1)
            measure_batch(session, args.batch, args.batch_runs)
            after = ceiling(os.cpu_count() or 1)
            print(f"(a pure-Python loop got {before:.2f}× before and {after:.2f}× after)")
        engine.dispose()


if __name__ == "__main__":
    main()
