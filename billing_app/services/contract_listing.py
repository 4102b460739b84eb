"""The contracts list, one page searched and filtered in SQL, and one contract as its dialog
shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, func, select

from billing_app.domain.contract_form import ContractForm, UnitLineText
from billing_app.domain.contract_terms import TermsSummary
from billing_app.domain.contracts import ContractType, ProjectBilling
from billing_app.domain.errors import BillingError
from billing_app.domain.form_values import show_amount, show_number
from billing_app.domain.roles import Permission, can
from billing_app.domain.tax_rates import rate_key
from billing_app.models import Contract, ContractUnitLine, Customer, UnitCount
from billing_app.services.account import account_locale
from billing_app.services.actor import Actor
from billing_app.services.authorization import require
from billing_app.services.paging import one_page, search_clause


@dataclass(frozen=True)
class ContractRow:
    id: int
    name: str
    customer: str
    currency: str
    terms: TermsSummary
    start_date: dt.date
    end_date: dt.date | None
    active: bool


@dataclass(frozen=True)
class ContractPage:
    rows: list[ContractRow]
    total: int
    page: int
    pages: int
    may_change: bool  # whether the actor may create and edit contracts


def _summary(c: Contract, unit_lines: int) -> TermsSummary:
    return TermsSummary(
        type=c.type, frequency=c.frequency, timing=c.timing, hourly_rate=c.hourly_rate,
        fee=c.fee, block_hours=c.block_hours, block_price=c.block_price,
        overage_rate=c.overage_rate, rollover=c.rollover, rollover_cap_hours=c.rollover_cap_hours,
        block_amount=c.block_amount, project_billing=c.project_billing, unit_lines=unit_lines,
    )  # fmt: skip


def list_contracts(
    session: Session, actor: Actor, *, search: str = "", kind: ContractType | None = None,
    page: int = 0,
) -> ContractPage:  # fmt: skip
    require(session, actor, Permission.VIEW_BILLING, "see contracts")
    unit_lines = (
        select(func.count(col(ContractUnitLine.id)))
        .where(col(ContractUnitLine.contract_id) == col(Contract.id))
        .scalar_subquery()
    )
    query = select(Contract, Customer.name, Customer.currency, unit_lines).join(
        Customer, col(Customer.id) == Contract.customer_id
    )
    if kind is not None:
        query = query.where(col(Contract.type) == kind)
    found = search_clause(
        search, col(Contract.name), col(Customer.name), numbers=[col(Contract.id)]
    )
    if found is not None:
        query = query.where(found)
    cut = one_page(session, query.order_by(
        col(Contract.active).desc(), col(Customer.name), col(Contract.name), col(Contract.id),
    ), page)  # fmt: skip
    rows = [
        ContractRow(c.id or 0, c.name, customer, currency, _summary(c, int(lines)), c.start_date,
                    c.end_date, c.active)
        for c, customer, currency, lines in cut.results
    ]  # fmt: skip
    may_change = can(actor.role, Permission.CHANGE_BILLING)
    return ContractPage(rows=rows, total=cut.total, page=cut.page, pages=cut.pages,
                        may_change=may_change)  # fmt: skip


def current_counts(session: Session, line_ids: list[int], today: dt.date) -> dict[int, Decimal]:
    """Each unit line's quantity in effect today (or its first one, when it starts later)."""
    counts = session.exec(
        select(UnitCount)
        .where(col(UnitCount.unit_line_id).in_(line_ids))
        .order_by(col(UnitCount.effective_from))
    ).all()
    current: dict[int, Decimal] = {}
    for count in counts:
        if count.effective_from <= today or count.unit_line_id not in current:
            current[count.unit_line_id] = count.quantity
    return current


def _unit_lines(session: Session, contract_id: int, currency: str, locale: str,
                today: dt.date) -> tuple[UnitLineText, ...]:  # fmt: skip
    lines = session.exec(
        select(ContractUnitLine)
        .where(ContractUnitLine.contract_id == contract_id)
        .order_by(col(ContractUnitLine.id))
    ).all()
    counts = current_counts(session, [line.id for line in lines if line.id is not None], today)
    return tuple(
        UnitLineText(id=line.id, name=line.name,
                     unit_price=show_amount(line.unit_price, currency, locale),
                     quantity=show_number(counts.get(line.id or 0, Decimal(0)), locale))
        for line in lines
    )  # fmt: skip


def contract_form(
    session: Session, actor: Actor, contract_id: int, today: dt.date | None = None
) -> ContractForm:
    """A stored contract as its dialog shows it, numbers in the account's locale."""
    require(session, actor, Permission.VIEW_BILLING, "see contracts")
    found = session.exec(
        select(Contract, Customer.currency)
        .join(Customer, col(Customer.id) == Contract.customer_id)
        .where(Contract.id == contract_id)
    ).first()
    if found is None:
        raise BillingError("contract_not_found", "That contract no longer exists; reload.")
    c, currency = found
    locale = account_locale(session)

    def amount(value: Decimal | None) -> str:
        return show_amount(value, currency, locale)

    def hours(value: Decimal | None) -> str:
        return "" if value is None else show_number(value, locale)

    return ContractForm(
        customer_id=c.customer_id, name=c.name, type=c.type.value,
        start_date=c.start_date.isoformat(), end_date=c.end_date.isoformat() if c.end_date else "",
        frequency=c.frequency.value, timing=c.timing.value, taxable=c.taxable,
        tax_rate=rate_key(c.tax_rate), hourly_rate=amount(c.hourly_rate),
        rounding_increment_minutes=str(c.rounding_increment_minutes),
        rounding_mode=c.rounding_mode.value, minimum_minutes=str(c.minimum_minutes),
        rounding_scope=c.rounding_scope.value, fee=amount(c.fee), block_hours=hours(c.block_hours),
        block_price=amount(c.block_price), overage_rate=amount(c.overage_rate),
        rollover=c.rollover, rollover_cap_hours=hours(c.rollover_cap_hours),
        block_amount=amount(c.block_amount),
        project_billing=(c.project_billing or ProjectBilling.FIXED).value,
        unit_lines=_unit_lines(session, contract_id, currency, locale,
                               today or dt.datetime.now(dt.UTC).date()),
    )  # fmt: skip
