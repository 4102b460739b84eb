"""What an export needs to know about an invoice and about the connection's mappings.

`ExportInvoice` is a plain snapshot taken by the export service from the database, so the
payload builders (xero_payload.py, qbo_payload.py) stay pure. Money crosses into JSON only
through `json_amount`: a Decimal at the currency's precision becomes the float whose shortest
repr is exactly that decimal (Python writes 12.34 for float("12.34")), so the JSON text sent is
exact; anything that would not survive the trip is refused instead of rounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from billing_app.domain.accounting import Provider
from billing_app.domain.errors import BillingError
from billing_app.domain.money import ZERO
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.tax_rates import rate_key
from billing_app.domain.work import LineKind


@dataclass(frozen=True)
class ExportCustomer:
    id: int
    name: str
    emails: tuple[str, ...] = ()
    vat_id: str = ""
    currency: str = ""
    external_id: str | None = None  # the stored Xero ContactID / QuickBooks Customer Id


@dataclass(frozen=True)
class ExportLine:
    kind: LineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal  # percent
    net: Decimal  # as stored: already rounded per line by domain.totals
    tax: Decimal
    discount: Decimal = ZERO  # an amount
    item_code: str | None = None  # the product's accounting item code

    def priced_amount(self, prices_include_tax: bool) -> Decimal:
        """quantity x unit price - discount, rounded: the net, or net + tax when the prices
        include tax (what Xero calls the LineAmount)."""
        return self.net + self.tax if prices_include_tax else self.net


@dataclass(frozen=True)
class ExportInvoice:
    id: int
    version: int
    number: str
    issue_date: dt.date
    due_date: dt.date | None
    currency: str
    prices_include_tax: bool
    customer: ExportCustomer
    lines: tuple[ExportLine, ...]
    net_total: Decimal
    tax_total: Decimal
    total: Decimal
    status: InvoiceStatus
    reference: str = ""  # e.g. the billing period, shown as the provider's reference
    external_id: str | None = None  # set once exported: a re-export updates this one


@dataclass(frozen=True)
class ExportCreditNote:
    """A refund pushed as a credit note (Xero ACCRECCREDIT, QuickBooks CreditMemo)."""

    invoice: ExportInvoice  # the refunded invoice, already exported
    number: str
    issue_date: dt.date
    lines: tuple[ExportLine, ...]
    net_total: Decimal
    tax_total: Decimal
    total: Decimal


def full_credit(invoice: ExportInvoice, number: str, on: dt.date) -> ExportCreditNote:
    """The credit note of a full refund: the invoice's own lines and totals."""
    return ExportCreditNote(invoice, number, on, invoice.lines, invoice.net_total,
                            invoice.tax_total, invoice.total)  # fmt: skip


class XeroStatus(StrEnum):
    DRAFT = "DRAFT"
    AUTHORISED = "AUTHORISED"


@dataclass(frozen=True)
class ExportMappings:
    """One connection's mappings (AccountingConnection.mappings, loaded from the provider).

    sales_account: Xero account code, or the QuickBooks item used for lines without an item.
    tax_codes: our rate as `rate_key` ("22", "5.5") → Xero TaxType / QuickBooks TaxCode id.
    items: our product item code → Xero item code / QuickBooks Item id.
    """

    provider: Provider
    sales_account: str = ""
    tax_codes: Mapping[str, str] = field(default_factory=dict)
    items: Mapping[str, str] = field(default_factory=dict)
    xero_status: XeroStatus = XeroStatus.AUTHORISED
    use_our_number: bool = True


class MissingMapping(BillingError):
    """An invoice cannot be exported until the admin maps what `missing` names."""

    def __init__(self, code: str, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(code, message)
        self.missing = missing

    def __reduce__(self) -> tuple[type[MissingMapping], tuple[str, str, tuple[str, ...]]]:  # type: ignore[override]
        return (self.__class__, (self.code, self.message, self.missing))


def _percent(rate: Decimal) -> str:
    return f"{rate_key(rate)}%"


def tax_codes_for(
    document: str, lines: Iterable[ExportLine], mappings: ExportMappings
) -> dict[str, str]:
    """The provider tax code of every rate the lines use; else one error that names everything
    missing (the sales account too), so the admin fixes it in one visit."""
    codes: dict[str, str] = {}
    unmapped: dict[str, str] = {}  # rate key → "22%"
    for line in lines:
        key = rate_key(line.tax_rate)
        if key in mappings.tax_codes:
            codes[key] = mappings.tax_codes[key]
        else:
            unmapped[key] = _percent(line.tax_rate)
    if not unmapped and mappings.sales_account:
        return codes
    label = mappings.provider.label
    fixes = [] if mappings.sales_account else [f"choose the {label} sales account"]
    if unmapped:
        rates = ", ".join(unmapped.values())
        kind = "tax type" if mappings.provider is Provider.XERO else "tax code"
        fixes.append(f"map tax rate {rates} to a {label} {kind}")
    missing = (() if mappings.sales_account else ("sales_account",)) + tuple(
        f"tax_rate:{key}" for key in unmapped
    )
    raise MissingMapping(
        "missing_mapping",
        f"{document} cannot be exported: {' and '.join(fixes)} in Admin > Accounting.",
        missing,
    )


def json_amount(amount: Decimal) -> float:
    """A money amount or quantity for a JSON body, exact in the text sent (see module doc)."""
    number = float(amount)
    if Decimal(repr(number)) != amount:
        raise BillingError(
            "amount_not_exact",
            f"{amount} cannot be sent exactly; it has too many significant digits.",
        )
    return number
