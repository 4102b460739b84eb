"""The invoices a billing period yields, priced: what preview shows and save stores.

Preview adds the exceptions a clerk should look at; save needs only this part, so it
prices the period again inside its transaction without re-running those queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session

from billing_app.domain import line_texts as texts
from billing_app.domain.contract_lines import ContractBill, bill_contract
from billing_app.domain.draft_lines import DraftLine
from billing_app.domain.errors import BillingError
from billing_app.domain.periods import check_period
from billing_app.domain.totals import LineInput, Totals, compute_totals
from billing_app.models import AccountSettings, Customer
from billing_app.services.batches.inputs import RunFilters, load_run
from billing_app.services.bulk import collector_paused


@dataclass(frozen=True)
class InvoicePreview:
    customer_id: int
    customer: str
    contract_id: int
    contract: str
    currency: str
    lines: list[DraftLine]
    totals: Totals
    note: str
    balance: Decimal | None


@dataclass(frozen=True)
class ContractNotice:
    """A sentence about one contract: why it cannot be billed, or what was left out."""

    contract_id: int
    message: str


@dataclass(frozen=True)
class PricedPeriod:
    invoices: list[InvoicePreview]
    prices_include_tax: bool
    unbillable: list[ContractNotice] = field(default_factory=list)
    already_billed: list[ContractNotice] = field(default_factory=list)
    contract_types: dict[int, str] = field(default_factory=dict)


def price_period(
    session: Session, start: dt.date, end: dt.date, filters: RunFilters
) -> PricedPeriod:
    with collector_paused():
        return _price_period(session, start, end, filters)


def _price_period(
    session: Session, start: dt.date, end: dt.date, filters: RunFilters
) -> PricedPeriod:
    check_period(start, end)
    account = session.get(AccountSettings, 1)
    locale = account.locale if account else "en_US"
    inclusive = account.prices_include_tax if account else False
    data = load_run(session, start, end, filters, locale)
    invoices: list[InvoicePreview] = []
    unbillable: list[ContractNotice] = []
    already_billed: list[ContractNotice] = []
    for run in data.runs:
        contract = data.contracts[run.contract.id]
        try:
            bill = bill_contract(run)
        except BillingError as error:
            unbillable.append(ContractNotice(run.contract.id, error.message))
            continue
        if bill.skipped:
            text = texts.already_billed(contract.name, bill.skipped)
            already_billed.append(ContractNotice(run.contract.id, text))
        if bill.lines:
            customer = data.customers[contract.customer_id]
            invoices.append(_invoice(customer, run.contract.id, contract.name, bill, inclusive))
    types = {contract_id: c.type.value for contract_id, c in data.contracts.items()}
    return PricedPeriod(invoices, inclusive, unbillable, already_billed, types)


def _invoice(
    customer: Customer, contract_id: int, name: str, bill: ContractBill, inclusive: bool
) -> InvoicePreview:
    assert customer.id is not None
    inputs = [LineInput(line.quantity, line.unit_price, line.tax_rate) for line in bill.lines]
    return InvoicePreview(
        customer_id=customer.id, customer=customer.name, contract_id=contract_id, contract=name,
        currency=customer.currency, lines=bill.lines,
        totals=compute_totals(inputs, customer.currency, prices_include_tax=inclusive),
        note=bill.note, balance=bill.balance,
    )  # fmt: skip
