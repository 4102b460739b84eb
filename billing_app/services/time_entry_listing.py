"""The time entries list: one page, searched in SQL, with the batch that billed each and
whether the one looking may still change it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from billing_app.domain.roles import Permission, can_edit_work_of
from billing_app.domain.work import LineKind, source_key
from billing_app.models import Contract, Customer, TimeEntry
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.locks import billed_in
from billing_app.services.paging import ListPage, one_page, search_clause


@dataclass(frozen=True)
class TimeEntryRow:
    id: int
    started_at: dt.datetime
    customer: str
    ticket_id: int | None
    contract: str
    technician: str
    minutes: int
    billable: bool
    work_type: str
    notes: str
    billed_in: str | None  # the batch (or invoice) that locked it
    editable: bool  # by the one looking: their own (or billing staff) and not billed


def list_time_entries(
    session: Session, actor: Actor, *, search: str = "", page: int = 0
) -> ListPage[TimeEntryRow]:
    require(session, actor, Permission.VIEW_WORK, "see time entries")
    query = (
        select(TimeEntry, Customer.name, Contract.name)
        .join(Customer, col(Customer.id) == TimeEntry.customer_id)
        .outerjoin(Contract, col(Contract.id) == TimeEntry.contract_id)
    )
    found = search_clause(
        search,
        col(Customer.name),
        col(TimeEntry.technician),
        col(TimeEntry.work_type),
        col(TimeEntry.notes),
        numbers=[col(TimeEntry.id), col(TimeEntry.ticket_id)],
    )
    if found is not None:
        query = query.where(found)
    newest_first = query.order_by(col(TimeEntry.started_at).desc(), col(TimeEntry.id).desc())
    cut = one_page(session, newest_first, page)
    billed = billed_in(
        session, [source_key(LineKind.TIME_ENTRY, e.id or 0) for e, _, _ in cut.results]
    )
    rows = []
    for entry, customer, contract in cut.results:
        where = billed.get(source_key(LineKind.TIME_ENTRY, entry.id or 0))
        own = entry.user_id == actor.user_id
        rows.append(
            TimeEntryRow(
                entry.id or 0,
                entry.started_at,
                customer,
                entry.ticket_id,
                contract or "",
                entry.technician,
                entry.duration_minutes,
                entry.billable,
                entry.work_type,
                entry.notes,
                where,
                where is None and can_edit_work_of(actor.role, own=own),
            )
        )
    return ListPage(rows, cut.total, cut.page, cut.pages)
