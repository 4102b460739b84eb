"""What QuickBooks checks and computes per entity on a write, for the test server's company.

Unknown or inactive references, duplicate names, Amount != Qty * UnitPrice, payments above
the open balance; DocNumber, TxnTaxDetail and TotalAmt (computed from the lines as a company
outside the US does: qbo_tax), Balance (less the linked payments).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from tests.integrations.qbo_records import (
    CENT,
    NAME_FIELD,
    US_TAX_CODES,
    Fault,
    Record,
    amount,
    today,
)
from tests.integrations.qbo_tax import sale_totals

if TYPE_CHECKING:
    from tests.integrations.qbo_store import Company


def nothing(company: Company, record: Record) -> None:
    return None


def _named(company: Company, entity: str, record: Record) -> None:
    name_field = NAME_FIELD[entity]
    name = str(record.get(name_field) or "").strip()
    if not name:
        raise Fault(
            "2020",
            "Required param missing, need to supply the required value for the API",
            f"Required parameter {name_field} is missing in the request",
            element=name_field,
        )
    for other in company.all(entity):
        if other["Id"] != record.get("Id") and str(other[name_field]).lower() == name.lower():
            raise Fault(
                "6240",
                "Duplicate Name Exists Error",
                f"The name supplied already exists. : Id={other['Id']}",
            )
    record[name_field] = name


def _prepare_customer(company: Company, record: Record) -> None:
    if not record.get("DisplayName"):
        given = " ".join(str(record.get(k) or "") for k in ("GivenName", "FamilyName")).strip()
        record["DisplayName"] = record.get("CompanyName") or given
    _named(company, "Customer", record)
    record.setdefault("Active", True)
    record.setdefault("Balance", 0)
    record.setdefault("CurrencyRef", {"value": company.currency})


def _prepare_item(company: Company, record: Record) -> None:
    _named(company, "Item", record)
    if record.get("IncomeAccountRef"):
        company.ref("Account", record["IncomeAccountRef"], "IncomeAccountRef")
    record.setdefault("Type", "Service")
    record.setdefault("Active", True)


def _prepare_account(company: Company, record: Record) -> None:
    _named(company, "Account", record)
    if not record.get("AccountType"):
        raise Fault(
            "2020",
            "Required param missing, need to supply the required value for the API",
            "Required parameter AccountType is missing in the request",
        )
    record.setdefault("Active", True)


def _sales_lines(company: Company, record: Record) -> None:
    """Check the lines' references and arithmetic; add QBO's SubTotal line (before discounts)."""
    lines = [ln for ln in record.get("Line") or [] if ln.get("DetailType") != "SubTotalLineDetail"]
    if not lines:
        raise Fault(
            "2020",
            "Required param missing, need to supply the required value for the API",
            "Required parameter Line is missing in the request",
        )
    subtotal = Decimal(0)
    for number, line in enumerate(lines, start=1):
        line["LineNum"] = number
        value = line["Amount"] = amount(line.get("Amount", 0), f"Line.{number}.Amount")
        detail = line.get("SalesItemLineDetail")
        if line.get("DetailType") == "SalesItemLineDetail" and isinstance(detail, dict):
            _check_sales_detail(company, detail, value)
            subtotal += value
    record["Line"] = [
        *lines,
        {"Amount": subtotal, "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}},
    ]


def _check_sales_detail(company: Company, detail: Record, line_amount: Decimal) -> None:
    if detail.get("ItemRef"):
        company.ref("Item", detail["ItemRef"], "ItemRef")
    tax = detail.get("TaxCodeRef")
    if tax and not (isinstance(tax, dict) and tax.get("value") in US_TAX_CODES):
        company.ref("TaxCode", tax, "TaxCodeRef")
    expected = amount(detail.get("Qty") or 0, "Qty") * amount(
        detail.get("UnitPrice") or 0, "UnitPrice"
    )
    # python-quickbooks sends Qty 0 and UnitPrice 0 unless told: QBO accepts that
    rounded = expected.quantize(CENT, ROUND_HALF_UP)
    if expected and rounded != line_amount.quantize(CENT, ROUND_HALF_UP):
        raise Fault(
            "6070",
            "Business Validation Error: Unit Price * Quantity != Amount",
            f"Amount {line_amount} is not equal to UnitPrice * Qty = {expected}.",
        )


def _prepare_sale(company: Company, record: Record) -> Decimal:
    """What invoices, credit memos and refund receipts share: customer, lines, totals."""
    company.ref("Customer", record.get("CustomerRef"), "CustomerRef")
    _sales_lines(company, record)
    record["TotalAmt"] = sale_totals(company, record)
    record["TxnDate"] = record.get("TxnDate") or today()
    record["CurrencyRef"] = record.get("CurrencyRef") or {"value": company.currency}
    if not record.get("DocNumber"):
        company.last_doc_number += 1
        record["DocNumber"] = str(company.last_doc_number)
    return record["TotalAmt"]  # type: ignore[no-any-return]


def _prepare_invoice(company: Company, record: Record) -> None:
    total = _prepare_sale(company, record)
    paid = sum(
        (_linked_amount(p, "Invoice", record.get("Id")) for p in company.all("Payment")), Decimal(0)
    )
    record["Balance"] = total - paid


def _prepare_credit_memo(company: Company, record: Record) -> None:
    total = _prepare_sale(company, record)
    used = sum(
        (_linked_amount(p, "CreditMemo", record.get("Id")) for p in company.all("Payment")),
        Decimal(0),
    )
    record["Balance"] = total - used
    record["RemainingCredit"] = record["Balance"]


def _prepare_refund_receipt(company: Company, record: Record) -> None:
    company.ref("Account", record.get("DepositToAccountRef"), "DepositToAccountRef")
    _prepare_sale(company, record)
    record["Balance"] = 0


def _linked_amount(payment: Record, txn_type: str, txn_id: Any) -> Decimal:
    return sum(
        (
            amount(line.get("Amount", 0), "Amount")
            for line in payment.get("Line") or []
            for link in line.get("LinkedTxn") or []
            if link.get("TxnType") == txn_type and str(link.get("TxnId")) == str(txn_id)
        ),
        Decimal(0),
    )


def _prepare_payment(company: Company, record: Record) -> None:
    customer = company.ref("Customer", record.get("CustomerRef"), "CustomerRef")
    total = amount(record.get("TotalAmt"), "TotalAmt")
    applied = Decimal(0)
    for line in record.get("Line") or []:
        for link in line.get("LinkedTxn") or []:
            kind, share = link.get("TxnType"), amount(line.get("Amount", 0), "Line.Amount")
            target = company.ref(kind, {"value": link.get("TxnId")}, f"LinkedTxn.{kind}")
            if target["CustomerRef"]["value"] != customer["Id"] or share > target["Balance"]:
                raise Fault(
                    "6000",
                    "A business validation error has occurred while processing your request",
                    f"{kind} {target['Id']} has an open balance of "
                    f"{target['Balance']} for customer {target['CustomerRef']['value']}: "
                    f"{share} cannot be applied to it.",
                )
            applied += share if kind == "Invoice" else -share
    if applied > total:
        raise Fault(
            "6000",
            "A business validation error has occurred while processing your request",
            f"The amounts applied ({applied}) exceed TotalAmt {total}.",
        )
    record.update(TotalAmt=total, UnappliedAmt=total - applied)
    record["TxnDate"] = record.get("TxnDate") or today()
    _shift_balances(company, record, -1)


def _shift_balances(company: Company, payment: Record, sign: int) -> None:
    """Apply (-1) or take back (+1) a payment: the targets' Balance and their LinkedTxn."""
    back_link = {"TxnId": payment["Id"], "TxnType": "Payment"}
    for line in payment.get("Line") or []:
        for link in line.get("LinkedTxn") or []:
            target = company.records[link["TxnType"]].get(str(link["TxnId"]))
            if target is not None:
                target["Balance"] = target["Balance"] + sign * amount(line["Amount"], "Amount")
                others = [t for t in target.get("LinkedTxn") or [] if t != back_link]
                target["LinkedTxn"] = others + ([back_link] if sign < 0 else [])


PREPARE: dict[str, Callable[[Company, Record], None]] = {
    "Customer": _prepare_customer,
    "Item": _prepare_item,
    "Account": _prepare_account,
    "Invoice": _prepare_invoice,
    "CreditMemo": _prepare_credit_memo,
    "RefundReceipt": _prepare_refund_receipt,
    "Payment": _prepare_payment,
}
UNAPPLY: dict[str, Callable[[Company, Record], None]] = {
    "Payment": lambda company, payment: _shift_balances(company, payment, +1)
}
APPLY_AGAIN: dict[str, Callable[[Company, Record], None]] = {
    "Payment": lambda company, payment: _shift_balances(company, payment, -1)
}
