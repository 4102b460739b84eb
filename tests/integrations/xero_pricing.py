"""How the Xero test server prices an invoice or credit note from what it was sent.

What Xero documents, and the server does:
- UnitAmount is taken to 2 decimals, or to 4 with `unitdp=4`; Quantity to 4 decimals
  ("Rounding in Xero" guide). A DiscountRate is taken to 2 decimals (developers report Xero
  rounds it to the hundredth).
- LineAmount = Quantity x UnitAmount - DiscountAmount, or Quantity x UnitAmount x
  (100 - DiscountRate) / 100 (the spec's LineItem.LineAmount), rounded half away from zero to
  2 decimals: "All monetary calculations in Xero are to two decimal places", whatever the
  currency. The server keeps no currency list: a JPY invoice is computed to 2 decimals too,
  as Xero does, so an app that rounds yen to 0 decimals sees the mismatch here.
- A LineAmount sent along must be that figure, else "The line total X does not match the
  expected line total Y." (the message developers quote). A line without UnitAmount takes its
  LineAmount as sent, and its UnitAmount is derived from it.
- TaxAmount per line: the TaxType's EffectiveRate on the LineAmount (Exclusive), taken out
  of it (Inclusive: LineAmount x rate / (100 + rate)), 0 with NoTax, rounded to 2 decimals; a
  line without TaxType takes its account's. A different TaxAmount sent is kept, as Xero keeps
  an override ("This value can be overriden", the spec); `Priced.overrides` names each one, so
  tests can tell Xero's own figure from one a payload forced.
- SubTotal = Σ LineAmount (less the tax when Inclusive), TotalTax = Σ TaxAmount,
  Total = SubTotal + TotalTax.

Assumptions where the docs are silent (the messages are the server's own wording): a line
with both DiscountRate and DiscountAmount is refused; a discount on a credit note is refused
(the spec: "credit notes in Xero do not support discounts").
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tests.integrations.xero_reference import Record, money

HUNDRED = Decimal(100)
BOTH_DISCOUNTS = "A line item can have a DiscountRate or a DiscountAmount, not both."
CREDIT_NOTE_DISCOUNT = "Discounts are not supported on credit notes."


@dataclass(frozen=True)
class TaxBook:
    """What pricing needs from the organisation: rates by TaxType, accounts' default TaxType."""

    rates: Mapping[str, Decimal]
    account_tax_types: Mapping[str, str]

    @classmethod
    def of(cls, tax_rates: list[Record], accounts: list[Record]) -> TaxBook:
        return cls(
            {t["TaxType"]: Decimal(str(t["EffectiveRate"])) for t in tax_rates},
            {a["Code"]: a["TaxType"] for a in accounts if a.get("TaxType")},
        )


@dataclass
class Priced:
    record: Record
    errors: list[str] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)  # "line 2: TaxAmount 4.40 sent, ..."


def _decimal(value: object, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _discounted(line: Record, gross: Decimal, priced: Priced, credit_note: bool) -> Decimal:
    rate, amount = line.get("DiscountRate"), line.get("DiscountAmount")
    if (rate or amount) and credit_note:
        priced.errors.append(CREDIT_NOTE_DISCOUNT)
    if rate is not None and amount is not None:
        priced.errors.append(BOTH_DISCOUNTS)
    if amount:
        return money(gross - money(amount))
    if rate:
        return money(gross * (HUNDRED - _decimal(rate, 2)) / HUNDRED)
    return money(gross)


def _line_amount(line: Record, unitdp: int, priced: Priced, credit_note: bool) -> Record:
    """The line with Quantity, UnitAmount and LineAmount as Xero keeps them."""
    quantity = _decimal(line.get("Quantity", 1), 4)
    if line.get("UnitAmount") is None:
        amount = money(line.get("LineAmount"))
        unit = _decimal(amount / quantity, unitdp) if quantity else Decimal(0)
    else:
        unit = _decimal(line["UnitAmount"], unitdp)
        amount = _discounted(line, quantity * unit, priced, credit_note)
        if line.get("LineAmount") is not None and money(line["LineAmount"]) != amount:
            priced.errors.append(
                f"The line total {money(line['LineAmount'])} does not match the expected "
                f"line total {amount}."
            )
    return {**line, "Quantity": float(quantity), "UnitAmount": float(unit),
            "LineAmount": float(amount)}  # fmt: skip


def _line_tax(line: Record, amount_types: str, book: TaxBook) -> tuple[str | None, Decimal]:
    tax_type = line.get("TaxType") or book.account_tax_types.get(line.get("AccountCode") or "")
    rate = book.rates.get(tax_type or "", Decimal(0))
    amount = Decimal(str(line["LineAmount"]))
    if amount_types == "NoTax":
        return tax_type, Decimal(0)
    if amount_types == "Inclusive":
        return tax_type, money(amount * rate / (HUNDRED + rate))
    return tax_type, money(amount * rate / HUNDRED)


def price(data: Record, book: TaxBook, *, unitdp: int = 2, credit_note: bool = False) -> Priced:
    """The document with its lines and totals priced from the request, or its errors."""
    amount_types = data.get("LineAmountTypes") or "Exclusive"
    priced = Priced({})
    lines, sub, tax = [], Decimal(0), Decimal(0)
    for number, sent in enumerate(data.get("LineItems") or [], start=1):
        line = _line_amount(sent, unitdp, priced, credit_note)
        tax_type, computed = _line_tax(line, amount_types, book)
        line_tax = computed
        if sent.get("TaxAmount") is not None and money(sent["TaxAmount"]) != computed:
            line_tax = money(sent["TaxAmount"])
            priced.overrides.append(
                f"line {number}: TaxAmount {line_tax} sent, {tax_type} gives {computed}"
            )
        amount = Decimal(str(line["LineAmount"]))
        sub += amount - line_tax if amount_types == "Inclusive" else amount
        tax += line_tax
        line.update(LineItemID=line.get("LineItemID") or str(uuid.uuid4()),
                    TaxAmount=float(line_tax))  # fmt: skip
        if tax_type:
            line["TaxType"] = tax_type
        lines.append(line)
    priced.record = {**data, "LineItems": lines, "LineAmountTypes": amount_types,
                     "SubTotal": float(sub), "TotalTax": float(tax),
                     "Total": float(sub + tax)}  # fmt: skip
    return priced
