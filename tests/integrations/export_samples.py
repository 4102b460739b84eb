"""ExportInvoice builders for the payload tests: lines priced by domain.totals, as stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from billing_app.domain.accounting import Provider
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.totals import LineInput, compute_totals
from billing_app.domain.work import LineKind
from billing_app.integrations.export_invoice import (
    ExportCustomer,
    ExportInvoice,
    ExportLine,
    ExportMappings,
)

D = Decimal
ACME = ExportCustomer(id=7, name="Acme S.r.l.", emails=("billing@acme.test",),
                      vat_id="IT01234567890", currency="EUR")  # fmt: skip
ITALIAN_TAX = {"22": "OUTPUT2", "10": "OUTPUT", "4": "OUTPUT4", "0": "EXEMPTOUTPUT"}


def xero_mappings(**overrides: object) -> ExportMappings:
    values: dict[str, object] = {"provider": Provider.XERO, "sales_account": "200",
                                 "tax_codes": ITALIAN_TAX, "items": {"SRV-1": "SRV1"}}  # fmt: skip
    return ExportMappings(**(values | overrides))  # type: ignore[arg-type]


def qbo_mappings(**overrides: object) -> ExportMappings:
    values: dict[str, object] = {"provider": Provider.QUICKBOOKS, "sales_account": "1",
                                 "tax_codes": {"22": "3", "10": "4", "4": "5", "0": "6"},
                                 "items": {"SRV-1": "19"}}  # fmt: skip
    return ExportMappings(**(values | overrides))  # type: ignore[arg-type]


def export_invoice(
    lines: Sequence[LineInput],
    *,
    currency: str = "EUR",
    prices_include_tax: bool = False,
    item_codes: Sequence[str | None] = (),
    customer: ExportCustomer = ACME,
    number: str = "2026-00042",
    external_id: str | None = None,
) -> ExportInvoice:
    totals = compute_totals(lines, currency, prices_include_tax=prices_include_tax)
    codes = list(item_codes) + [None] * (len(lines) - len(item_codes))
    export_lines = tuple(
        ExportLine(kind=LineKind.PRODUCT if code else LineKind.CUSTOM,
                   description=f"Line {position}", quantity=line.quantity,
                   unit_price=line.unit_price, tax_rate=line.tax_rate, net=amounts.net,
                   tax=amounts.tax, discount=line.discount, item_code=code)
        for position, (line, amounts, code) in enumerate(
            zip(lines, totals.lines, codes, strict=True), start=1)
    )  # fmt: skip
    return ExportInvoice(
        id=42, version=3, number=number, issue_date=dt.date(2026, 11, 30),
        due_date=dt.date(2026, 12, 30), currency=currency,
        prices_include_tax=prices_include_tax, customer=customer, lines=export_lines,
        net_total=totals.net, tax_total=totals.tax, total=totals.total,
        status=InvoiceStatus.SENT, reference="November 2026", external_id=external_id,
    )  # fmt: skip
