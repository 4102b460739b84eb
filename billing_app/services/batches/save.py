"""Saving a batch: its Draft invoices and the locks on every source they bill, at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Permission
from billing_app.models import BilledSource, BlockBalance, Invoice, InvoiceBatch, InvoiceLine
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.preview import InvoicePreview, preview_batch

ALREADY_BILLED = (
    "Some of this work was billed by another batch saved at the same time; preview the batch "
    "again and save what is left."
)


@dataclass(frozen=True)
class SavedBatch:
    batch_id: int
    invoice_ids: list[int]


def _check_name(session: Session, name: str) -> str:
    name = name.strip()
    if not name:
        raise BillingError("invalid_batch_name", "Give the batch a name, e.g. 'October 2026'.")
    if session.exec(select(InvoiceBatch.id).where(InvoiceBatch.name == name)).first():
        raise BillingError(
            "duplicate_batch_name", f"A batch called '{name}' exists already; choose another name."
        )
    return name


def _add_invoice(session: Session, batch: InvoiceBatch, draft: InvoicePreview) -> int:
    invoice = Invoice(
        customer_id=draft.customer_id, contract_id=draft.contract_id, batch_id=batch.id,
        currency=draft.currency, period_start=batch.period_start, period_end=batch.period_end,
        net_total=draft.totals.net, tax_total=draft.totals.tax, total=draft.totals.total,
        notes=draft.note,
    )  # fmt: skip
    session.add(invoice)
    session.flush()
    assert invoice.id is not None
    locked: set[str] = set()  # a ticket split over lines at two rates is locked once
    for position, (line, amounts) in enumerate(zip(draft.lines, draft.totals.lines, strict=True)):
        row = InvoiceLine(
            invoice_id=invoice.id, position=position, kind=line.kind,
            description=line.description[:1000], quantity=line.quantity,
            unit_price=line.unit_price, tax_rate=line.tax_rate, net=amounts.net, tax=amounts.tax,
            contract_id=draft.contract_id, ticket_id=line.ticket_id,
            time_entry_id=line.time_entry_id, expense_id=line.expense_id,
            product_id=line.product_id, period_start=line.period_start,
            period_end=line.period_end,
        )  # fmt: skip
        session.add(row)
        session.flush()
        session.add_all(
            BilledSource(source_key=key, invoice_id=invoice.id, invoice_line_id=row.id)
            for key in line.source_keys
            if key not in locked
        )
        locked.update(line.source_keys)
    if draft.balance is not None:
        session.add(
            BlockBalance(contract_id=draft.contract_id, invoice_id=invoice.id,
                         period_end=batch.period_end, balance=draft.balance)
        )  # fmt: skip
    return invoice.id


def save_batch(
    session: Session,
    actor: Actor,
    name: str,
    start: dt.date,
    end: dt.date,
    filters: RunFilters,
) -> SavedBatch:
    require(session, actor, Permission.CHANGE_BILLING, "save batches")
    name = _check_name(session, name)
    preview = preview_batch(session, actor, start, end, filters)
    if not preview.invoices:
        raise BillingError(
            "nothing_to_bill", "Nothing is left to bill in that period for those filters."
        )
    batch = InvoiceBatch(name=name, period_start=start, period_end=end, created_by=actor.email)
    session.add(batch)
    try:
        session.flush()
        assert batch.id is not None
        invoice_ids = [_add_invoice(session, batch, draft) for draft in preview.invoices]
        session.flush()
    except IntegrityError as error:
        session.rollback()
        reason = str(error.orig).lower()
        if "source_key" in reason:
            raise BillingError("work_already_billed", ALREADY_BILLED) from None
        if "name" in reason:
            raise BillingError(
                "duplicate_batch_name", f"A batch called '{name}' was just saved by someone else."
            ) from None
        raise
    record_audit(
        session, actor, "batch_saved", entity="batch", entity_id=batch.id,
        to_value=f"{len(invoice_ids)} invoices", details=f"{name}: {start} – {end}",
    )  # fmt: skip
    return SavedBatch(batch.id, invoice_ids)
