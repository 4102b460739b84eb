"""Our per-rate tax as QuickBooks Online TxnTaxDetail.TaxLine entries. Pure.

Outside the US, QuickBooks computes a transaction's tax itself, per TaxRate on the sum of that
rate's line amounts, and ignores a TotalTax sent alone. We tax each line and round per line
(domain.totals), so the two can differ by cents. QuickBooks takes the TaxLine amounts sent
(Amount, and TaxLineDetail {TaxRateRef, PercentBased, TaxPercent, NetAmountTaxable}: Intuit's
Invoice reference, python-quickbooks' objects/tax.py) when each is within rounding of
rate x NetAmountTaxable, which our per-line rounding always is: one TaxLine per rate, with the
sum of our rounded line taxes, makes its totals ours to the cent.

A TaxCode (what a line's TaxCodeRef names) lists its sales rates in
SalesTaxRateList.TaxRateDetail[].TaxRateRef → TaxRate.RateValue (a percent); `tax_rates_from`
reads them from the TaxCode and TaxRate query rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from billing_app.domain.errors import BillingError
from billing_app.domain.money import ZERO
from billing_app.domain.tax_rates import rate_key
from billing_app.integrations.export_invoice import ExportLine, json_amount

Payload = dict[str, Any]


@dataclass(frozen=True)
class QboTaxRate:
    id: str  # the TaxRate Id
    percent: Decimal  # its RateValue


Rates = tuple[QboTaxRate, ...]
TaxRates = Mapping[str, Rates]  # TaxCode Id → its sales tax rates


def sales_rate_ids(code: Payload) -> list[str]:
    """The TaxRate Ids a TaxCode row charges on sales."""
    details = (code.get("SalesTaxRateList") or {}).get("TaxRateDetail") or []
    return [
        str(d["TaxRateRef"]["value"]) for d in details if (d.get("TaxRateRef") or {}).get("value")
    ]


def tax_rates_from(
    codes: Iterable[Payload], rates: Iterable[Payload]
) -> dict[str, tuple[QboTaxRate, ...]]:
    """TaxCode and TaxRate query rows → each code's sales rates."""
    percent = {str(rate["Id"]): Decimal(str(rate.get("RateValue", 0))) for rate in rates}
    return {
        str(code["Id"]): tuple(
            QboTaxRate(i, percent[i]) for i in sales_rate_ids(code) if i in percent
        )
        for code in codes
    }


def _rate_of(
    document: str, line: ExportLine, code: str, rates: tuple[QboTaxRate, ...]
) -> QboTaxRate | None:
    """The one QuickBooks rate our line's rate is mapped to (None: a code without rates, for 0%)."""
    if not rates and line.tax_rate == ZERO:
        return None
    if len(rates) == 1 and rates[0].percent == line.tax_rate:
        return rates[0]
    charged = " + ".join(f"{rate_key(r.percent)}%" for r in rates) or "no rate"
    raise BillingError(
        "tax_code_mismatch",
        f"{document} cannot be exported: tax rate {rate_key(line.tax_rate)}% is mapped to the "
        f"QuickBooks tax code {code}, which charges {charged}; map it to a tax code of that one "
        "rate in Admin > Accounting.",
    )


def tax_lines(
    document: str, lines: Iterable[ExportLine], tax_codes: Mapping[str, str], rates: TaxRates
) -> list[Payload]:
    """One TaxLine per QuickBooks rate: our net and our tax (Σ rounded line taxes) at that rate.

    `tax_codes`: our rate key → TaxCode Id. A code QuickBooks did not list gets no TaxLine:
    QuickBooks refuses the unknown TaxCodeRef itself.
    """
    sums: dict[str, tuple[QboTaxRate, Decimal, Decimal]] = {}
    for line in lines:
        code = tax_codes[rate_key(line.tax_rate)]
        if code not in rates:
            continue
        rate = _rate_of(document, line, code, rates[code])
        if rate is not None:
            _, net, tax = sums.get(rate.id, (rate, ZERO, ZERO))
            sums[rate.id] = (rate, net + line.net, tax + line.tax)
    return [
        {"Amount": json_amount(tax), "DetailType": "TaxLineDetail",
         "TaxLineDetail": {"TaxRateRef": {"value": rate.id}, "PercentBased": True,
                           "TaxPercent": json_amount(rate.percent),
                           "NetAmountTaxable": json_amount(net)}}
        for rate, net, tax in sums.values()
    ]  # fmt: skip
