"""How a QuickBooks Online company outside the US (the global tax model) computes a sale's tax.

Each sales line names a TaxCode (TaxCodeRef); the code lists its sales TaxRates
(SalesTaxRateList.TaxRateDetail[].TaxRateRef → TaxRate.RateValue, a percent). QuickBooks
taxes the sum of each rate's line amounts, not each line:

- TaxExcluded: tax = round(Σ amounts x rate / 100), TotalAmt = Σ amounts - discount + tax.
- TaxInclusive: a line's amount is its TaxInclusiveAmt (its Amount when absent) and includes
  the tax: tax = round(Σ gross x rate / (100 + rate)), TotalAmt = Σ gross - discount.
- A DiscountLineDetail line lowers the subtotal (PercentBased: DiscountPercent of it, rounded);
  the discount is shared over the tax codes in proportion to their amounts, before tax.
- TxnTaxDetail.TaxLine entries sent are taken instead of the computed tax of their rate when
  NetAmountTaxable is that rate's net and Amount is within a cent per line of rate x net;
  anything else is refused with a Fault. A TotalTax sent is never trusted: TotalTax is the sum
  of the tax lines. US pseudo codes (TAX, NON) are left untaxed here.
Amounts are rounded half up to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from tests.integrations.qbo_records import CENT, US_TAX_CODES, Fault, Record, amount

if TYPE_CHECKING:
    from tests.integrations.qbo_store import Company

HUNDRED = Decimal(100)
BUSINESS_ERROR = "A business validation error has occurred while processing your request"


@dataclass
class RateBase:
    percent: Decimal
    base: Decimal = Decimal(0)  # net, or gross when the amounts include tax
    lines: int = 0


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def sale_totals(company: Company, record: Record) -> Decimal:
    """Set TxnTaxDetail (TotalTax and one TaxLine per rate) and answer the TotalAmt."""
    inclusive = record.get("GlobalTaxCalculation") == "TaxInclusive"
    bases: dict[str, Decimal] = defaultdict(Decimal)  # tax code ("" untaxed) → line amounts
    counts: dict[str, int] = defaultdict(int)
    for line in record["Line"]:
        detail = line.get("SalesItemLineDetail")
        if line.get("DetailType") == "SalesItemLineDetail" and isinstance(detail, dict):
            code = str((detail.get("TaxCodeRef") or {}).get("value") or "")
            code = "" if code in US_TAX_CODES else code
            gross = detail.get("TaxInclusiveAmt") if inclusive else None
            bases[code] += line["Amount"] if gross is None else amount(gross, "TaxInclusiveAmt")
            counts[code] += 1
    subtotal = sum(bases.values(), Decimal(0))
    discount = _discount(record, subtotal)
    rates = _rate_bases(company, _shared(bases, discount, subtotal), counts)
    tax_lines = _tax_lines(company, record, rates, inclusive)
    tax = sum((line["Amount"] for line in tax_lines), Decimal(0))
    record["TxnTaxDetail"] = {"TotalTax": tax, "TaxLine": tax_lines}
    return subtotal - discount + (Decimal(0) if inclusive else tax)


def _discount(record: Record, subtotal: Decimal) -> Decimal:
    total = Decimal(0)
    for line in record["Line"]:
        if line.get("DetailType") != "DiscountLineDetail":
            continue
        detail = line.get("DiscountLineDetail") or {}
        if detail.get("PercentBased") in (True, "true"):
            percent = amount(detail.get("DiscountPercent", 0), "DiscountPercent")
            line["Amount"] = cents(subtotal * percent / HUNDRED)
        total += line["Amount"]
    if total > subtotal:
        raise Fault("6000", BUSINESS_ERROR, f"The discount {total} exceeds {subtotal}.")
    return total


def _shared(bases: dict[str, Decimal], discount: Decimal, subtotal: Decimal) -> dict[str, Decimal]:
    """Each code's amount less its share of the discount (the last takes what rounding left)."""
    if not discount:
        return dict(bases)
    shared, left = {}, discount
    for position, (code, base) in enumerate(bases.items(), start=1):
        share = left if position == len(bases) else cents(discount * base / subtotal)
        shared[code], left = base - share, left - share
    return shared


def _rate_bases(
    company: Company, bases: dict[str, Decimal], counts: dict[str, int]
) -> dict[str, RateBase]:
    rates: dict[str, RateBase] = {}
    for code, base in bases.items():
        if not code:
            continue
        details = (company.get("TaxCode", code).get("SalesTaxRateList") or {}).get("TaxRateDetail")
        for detail in details or []:
            rate = company.ref("TaxRate", detail.get("TaxRateRef"), "TaxRateRef")
            found = rates.setdefault(rate["Id"], RateBase(amount(rate["RateValue"], "RateValue")))
            found.base += base
            found.lines += counts[code]
    return rates


def _tax_lines(
    company: Company, record: Record, rates: dict[str, RateBase], inclusive: bool
) -> list[Record]:
    sent = _sent_tax_lines(company, record, rates)
    lines = []
    for rate_id, rate in rates.items():
        divisor = HUNDRED + rate.percent if inclusive else HUNDRED
        tax = cents(rate.base * rate.percent / divisor)
        if rate_id in sent:
            tax = _checked(rate_id, rate, sent[rate_id], inclusive)
        net = rate.base - tax if inclusive else rate.base
        lines.append({
            "Amount": tax, "DetailType": "TaxLineDetail",
            "TaxLineDetail": {"TaxRateRef": {"value": rate_id}, "PercentBased": True,
                              "TaxPercent": rate.percent, "NetAmountTaxable": net},
        })  # fmt: skip
    return lines


def _sent_tax_lines(
    company: Company, record: Record, rates: dict[str, RateBase]
) -> dict[str, Record]:
    sent: dict[str, Record] = {}
    for line in (record.get("TxnTaxDetail") or {}).get("TaxLine") or []:
        detail = line.get("TaxLineDetail") or {}
        rate = company.ref("TaxRate", detail.get("TaxRateRef"), "TaxLine.TaxRateRef")
        if rate["Id"] not in rates or rate["Id"] in sent:
            raise Fault(
                "6000",
                BUSINESS_ERROR,
                f"TaxLine for TaxRate {rate['Id']}: no line of the transaction is taxed at it "
                "or it is listed twice.",
            )
        sent[rate["Id"]] = line
    return sent


def _checked(rate_id: str, rate: RateBase, line: Record, inclusive: bool) -> Decimal:
    """The tax of a TaxLine sent, if QuickBooks accepts it."""
    tax = amount(line.get("Amount", 0), "TaxLine.Amount")
    given = amount((line.get("TaxLineDetail") or {}).get("NetAmountTaxable", 0), "NetAmountTaxable")
    net = rate.base - tax if inclusive else rate.base
    if given != net:
        raise Fault(
            "6000",
            BUSINESS_ERROR,
            f"TaxLine for TaxRate {rate_id}: NetAmountTaxable {given} is not {net}, the net "
            "amount of the lines taxed at that rate.",
        )
    if abs(tax - net * rate.percent / HUNDRED) > CENT * rate.lines:
        raise Fault(
            "6000",
            BUSINESS_ERROR,
            f"TaxLine for TaxRate {rate_id}: {tax} is not {rate.percent}% of {net}.",
        )
    return tax
