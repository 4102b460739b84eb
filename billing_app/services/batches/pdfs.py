"""A batch's invoices as PDFs in one zip, rendered in parallel processes.

WeasyPrint is pure Python and holds the GIL: threads would render one PDF at a time, so
each invoice is rendered in a worker process. Workers come from a 'forkserver', never a
plain 'fork' of the caller: the server that calls this is multi-threaded, and a forked
copy of its locks and connections is not safe. The fork server is a fresh, single-threaded
interpreter started once (as 'spawn' would), which imports WeasyPrint and the app once;
every later pool forks its workers from it in milliseconds instead of importing for a
second each. A worker needs no Reflex state, only the database URL and the actor: it opens
its own engine and renders with `invoice_pdf`, which checks the actor's permission again
(the same pure check of the role as the one up front).

One invoice that fails fails the whole download, with a sentence naming the invoice: a
zip that silently lacks one invoice, or hides the failure in an errors.txt nobody opens,
is worse for a clerk who forwards it to the accountant than no zip at all.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from billing_app.db import create_db_engine
from billing_app.domain.errors import BillingError
from billing_app.domain.file_names import safe_file_name, unique_names
from billing_app.domain.roles import Permission
from billing_app.models import Customer, Invoice, InvoiceBatch
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.invoice_pdf import invoice_pdf

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Told (done, total) before the first PDF and after each one."""


@dataclass(frozen=True)
class BatchPdfs:
    file_name: str  # <batch-name>-invoices.zip
    data: bytes
    count: int


@dataclass(frozen=True)
class _Invoice:
    id: int
    label: str  # how a failure names it: "Invoice 2026-00012 for Acme S.r.l."


def _ignore(_done: int, _total: int) -> None:
    pass


def batch_pdfs(
    session: Session,
    actor: Actor,
    batch_id: int,
    *,
    processes: int | None = None,
    progress: Progress = _ignore,
) -> BatchPdfs:
    """Every invoice of the batch as a PDF, in one zip; `processes` (default: one per
    core) render them, 1 renders in this process."""
    require(session, actor, Permission.VIEW_BILLING, "download invoices")
    batch = session.get(InvoiceBatch, batch_id)
    if batch is None:
        raise BillingError("batch_not_found", "That batch does not exist (any more).")
    invoices = _invoices(session, batch_id)
    if not invoices:
        raise BillingError(
            "batch_empty",
            f"Batch '{batch.name}' has no invoices, so there are no PDFs to download.",
        )
    progress(0, len(invoices))
    workers = min(processes or os.cpu_count() or 1, len(invoices))
    if workers == 1:
        files = _render_here(session, actor, invoices, progress)
    else:
        files = _render_in_processes(_database_url(session), actor, invoices, workers, progress)
    return BatchPdfs(f"{safe_file_name(batch.name)}-invoices.zip", _zip(files), len(files))


def _invoices(session: Session, batch_id: int) -> list[_Invoice]:
    rows = session.exec(
        select(Invoice.id, Invoice.number, Customer.name)
        .join(Customer, col(Customer.id) == Invoice.customer_id)
        .where(Invoice.batch_id == batch_id)
        .order_by(col(Invoice.id))
    ).all()
    return [_Invoice(invoice_id or 0, _label(invoice_id, number, customer))
            for invoice_id, number, customer in rows]  # fmt: skip


def _label(invoice_id: int | None, number: str | None, customer: str) -> str:
    name = f"Invoice {number}" if number else f"Draft invoice #{invoice_id}"
    return f"{name} for {customer}"


def _failed(invoice: _Invoice, error: BaseException) -> BillingError:
    if isinstance(error, BillingError):
        reason, advice = error.message, "reload the page and try again."
    else:
        log.error("PDF of invoice %s failed", invoice.id, exc_info=error)
        reason = "its PDF could not be made."
        advice = "open it and try Download PDF there, or ask an admin to check the server log."
    return BillingError("batch_pdf_failed", f"{invoice.label}: {reason} No zip was made; {advice}")


def _render_here(
    session: Session, actor: Actor, invoices: list[_Invoice], progress: Progress
) -> list[tuple[str, bytes]]:
    files = []
    for done, invoice in enumerate(invoices, start=1):
        try:
            files.append(invoice_pdf(session, actor, invoice.id))
        except Exception as error:
            raise _failed(invoice, error) from error
        progress(done, len(invoices))
    return files


def _database_url(session: Session) -> str:
    return session.get_bind().engine.url.render_as_string(hide_password=False)


@cache
def _worker_engine(database_url: str) -> Engine:
    """One engine per worker process (and database), opened by its first invoice."""
    return create_db_engine(database_url)


def _render_one(database_url: str, actor: Actor, invoice_id: int) -> tuple[str, bytes]:
    """In a worker process: one invoice, in its own read-only session."""
    with Session(_worker_engine(database_url)) as session:
        return invoice_pdf(session, actor, invoice_id)


def _render_in_processes(
    database_url: str, actor: Actor, invoices: list[_Invoice], workers: int, progress: Progress
) -> list[tuple[str, bytes]]:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__])  # __main__: the default
    rendered: dict[int, tuple[str, bytes]] = {}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        futures: dict[Future[tuple[str, bytes]], _Invoice] = {
            pool.submit(_render_one, database_url, actor, invoice.id): invoice
            for invoice in invoices
        }
        for done, future in enumerate(as_completed(futures), start=1):
            invoice = futures[future]
            try:
                rendered[invoice.id] = future.result()
            except Exception as error:
                raise _failed(invoice, error) from error
            progress(done, len(invoices))
    finally:  # on a failure, the invoices not started yet are not rendered for nothing
        pool.shutdown(cancel_futures=True)
    return [rendered[invoice.id] for invoice in invoices]


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    names = unique_names([name for name, _ in files])
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (_, pdf) in zip(names, files, strict=True):
            archive.writestr(name, pdf)
    return buffer.getvalue()
