"""The organisation behind the Xero test server: contacts, invoices, payments, credit notes.

Records are kept as Xero JSON (PascalCase dicts) so GET answers are what was stored. Each
`save_*`/`allocate` method checks one document and returns the stored record, or the list of
validation messages Xero would attach to it (nothing stored then). Invoices and credit notes
are priced from what was sent, as Xero prices them (xero_pricing.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from tests.integrations.xero_pricing import Priced, TaxBook, price
from tests.integrations.xero_reference import (
    ACCOUNTS,
    ITEMS,
    TAX_RATES,
    Record,
    money,
    ms_date,
    now_ms,
    parse_date,
)


@dataclass
class Ledger:
    contacts: dict[str, Record] = field(default_factory=dict)
    invoices: dict[str, Record] = field(default_factory=dict)
    payments: dict[str, Record] = field(default_factory=dict)
    credit_notes: dict[str, Record] = field(default_factory=dict)
    accounts: list[Record] = field(default_factory=lambda: [dict(a) for a in ACCOUNTS])
    tax_rates: list[Record] = field(default_factory=lambda: [dict(t) for t in TAX_RATES])
    items: list[Record] = field(default_factory=lambda: [dict(i) for i in ITEMS])
    # TaxAmounts a request forced over the TaxType's figure ("INV-0001 line 2: ..."): kept as
    # Xero keeps them, listed so tests can tell Xero's own tax from the one they sent
    tax_overrides: list[str] = field(default_factory=list)

    # -- contacts ---------------------------------------------------------------------------
    def find_contact(self, ref: Record | None) -> Record | None:
        ref = ref or {}
        if ref.get("ContactID"):
            return self.contacts.get(ref["ContactID"])
        name = (ref.get("Name") or "").strip().lower()
        return next((c for c in self.contacts.values() if c["Name"].lower() == name), None)

    def save_contact(self, data: Record, update: bool) -> Record | list[str]:
        existing = self.find_contact(data) if update else None
        if data.get("ContactID") and existing is None:
            return [f"The contact with ContactID {data['ContactID']} could not be found."]
        name = (data.get("Name") or (existing or {}).get("Name") or "").strip()
        if not name:
            return ["The contact name must be specified."]
        clash = self.find_contact({"Name": name})
        if clash and clash is not existing:
            return [
                f"The contact name {name} is already assigned to another contact. "
                "The contact name must be unique across all active contacts."
            ]
        record = {**(existing or {"ContactID": str(uuid.uuid4()), "ContactStatus": "ACTIVE"})}
        record.update({k: v for k, v in data.items() if v is not None}, Name=name)
        record["UpdatedDateUTC"] = now_ms()
        self.contacts[record["ContactID"]] = record
        return record

    # -- invoices and credit notes ----------------------------------------------------------
    def _line_errors(self, lines: list[Record]) -> list[str]:
        codes = {a["Code"] for a in self.accounts}
        taxes = {t["TaxType"] for t in self.tax_rates}
        items = {i["Code"] for i in self.items}
        errors = []
        for line in lines:
            if line.get("AccountCode") and line["AccountCode"] not in codes:
                errors.append(
                    f"Account code '{line['AccountCode']}' is not a valid code for this document."
                )
            if line.get("TaxType") and line["TaxType"] not in taxes:
                errors.append(
                    f"The TaxType code '{line['TaxType']}' does not exist or cannot "
                    "be used for this type of transaction."
                )
            if line.get("ItemCode") and line["ItemCode"] not in items:
                errors.append(f"Item code '{line['ItemCode']}' is not valid.")
        return errors

    def _priced(self, data: Record, unitdp: int, credit_note: bool) -> Priced:
        book = TaxBook.of(self.tax_rates, self.accounts)
        return price(data, book, unitdp=unitdp, credit_note=credit_note)

    def _document_errors(self, data: Record) -> tuple[Record | None, list[str]]:
        contact = self.find_contact(data.get("Contact"))
        errors = [] if contact else ["A Contact must be specified for this type of transaction"]
        if data.get("Contact", {}).get("ContactID") and not contact:
            errors = [
                f"The contact with ContactID {data['Contact']['ContactID']} could not be found."
            ]
        return contact, errors + self._line_errors(data.get("LineItems") or [])

    def save_invoice(self, data: Record, update: bool, unitdp: int = 2) -> Record | list[str]:
        existing = self._existing_invoice(data) if update else None
        if existing and existing["Status"] in ("PAID", "VOIDED", "DELETED"):
            return ["Invoice not of valid status for modification"]
        merged = {**(existing or {}), **data}
        contact, errors = self._document_errors(merged)
        priced = self._priced(merged, unitdp, credit_note=False)
        if errors or priced.errors or contact is None:
            return errors + priced.errors
        record = priced.record
        paid = money(record.get("AmountPaid")) + money(record.get("AmountCredited"))
        record.update(
            InvoiceID=record.get("InvoiceID") or str(uuid.uuid4()),
            Type=record.get("Type") or "ACCREC",
            Status=record.get("Status") or "DRAFT",
            Contact={"ContactID": contact["ContactID"], "Name": contact["Name"]},
            AmountPaid=float(money(record.get("AmountPaid"))),
            AmountCredited=float(money(record.get("AmountCredited"))),
            AmountDue=float(money(record["Total"]) - paid),
            UpdatedDateUTC=now_ms(),
        )
        record["InvoiceNumber"] = record.get("InvoiceNumber") or f"INV-{len(self.invoices) + 1:04}"
        self.invoices[record["InvoiceID"]] = record
        self._note_overrides(record["InvoiceNumber"], priced)
        return record

    def _existing_invoice(self, data: Record) -> Record | None:
        if data.get("InvoiceID"):
            return self.invoices.get(data["InvoiceID"])
        number = data.get("InvoiceNumber")
        return next(
            (i for i in self.invoices.values() if number and i["InvoiceNumber"] == number), None
        )

    def save_credit_note(self, data: Record, unitdp: int = 2) -> Record | list[str]:
        contact, errors = self._document_errors(data)
        priced = self._priced(data, unitdp, credit_note=True)
        if errors or priced.errors or contact is None:
            return errors + priced.errors
        record = priced.record
        record.update(
            CreditNoteID=str(uuid.uuid4()),
            Type=record.get("Type") or "ACCRECCREDIT",
            Status=record.get("Status") or "DRAFT",
            Contact={"ContactID": contact["ContactID"], "Name": contact["Name"]},
            RemainingCredit=record["Total"],
            Allocations=[],
            UpdatedDateUTC=now_ms(),
        )
        record["CreditNoteNumber"] = record.get("CreditNoteNumber") or (
            f"CN-{len(self.credit_notes) + 1:04}"
        )
        self.credit_notes[record["CreditNoteID"]] = record
        self._note_overrides(record["CreditNoteNumber"], priced)
        return record

    def _note_overrides(self, number: str, priced: Priced) -> None:
        self.tax_overrides += [f"{number} {override}" for override in priced.overrides]

    # -- money against invoices -------------------------------------------------------------
    def _settle(self, invoice: Record, amount: Decimal, field_name: str, day: dt.date) -> None:
        invoice[field_name] = float(money(invoice.get(field_name)) + amount)
        invoice["AmountDue"] = float(money(invoice["AmountDue"]) - amount)
        if money(invoice["AmountDue"]) == 0:
            invoice.update(Status="PAID", FullyPaidOnDate=ms_date(day))
        invoice["UpdatedDateUTC"] = now_ms()

    def _payable(self, invoice_ref: Record | None, amount: Decimal) -> Record | list[str]:
        invoice = self.invoices.get((invoice_ref or {}).get("InvoiceID", ""))
        if invoice is None:
            return ["Invoice could not be found"]
        if invoice["Status"] != "AUTHORISED":
            return ["Invoice not of valid status for payment or allocation"]
        if amount <= 0 or amount > money(invoice["AmountDue"]):
            return ["Payment amount exceeds the amount outstanding on this document"]
        return invoice

    def _account(self, data: Record) -> Record | None:
        """A bank account, or one that takes payments, named by Code or AccountID."""
        code = (data.get("Account") or {}).get("Code")
        account_id = (data.get("Account") or {}).get("AccountID")
        account = next(
            (a for a in self.accounts if a["Code"] == code or a["AccountID"] == account_id), None
        )
        if account is None or not (account["Type"] == "BANK" or account["EnablePaymentsToAccount"]):
            return None
        return account

    def save_payment(self, data: Record) -> Record | list[str]:
        """A payment against an invoice, or (CreditNote given) the cash refund of a credit note."""
        if data.get("CreditNote"):
            return self._refund_credit_note(data)
        amount = money(data.get("Amount"))
        invoice = self._payable(data.get("Invoice"), amount)
        if isinstance(invoice, list):
            return invoice
        account = self._account(data)
        if account is None:
            return ["Account type is invalid for making a payment to/from"]
        day = parse_date(data.get("Date")) or dt.datetime.now(dt.UTC).date()
        target = {"InvoiceID": invoice["InvoiceID"], "InvoiceNumber": invoice["InvoiceNumber"]}
        payment = self._store_payment(data, account, day, "ACCRECPAYMENT", Invoice=target)
        self._settle(invoice, amount, "AmountPaid", day)
        invoice.setdefault("Payments", []).append(
            {"PaymentID": payment["PaymentID"], "Date": payment["Date"], "Amount": float(amount)}
        )
        return payment

    def _refund_credit_note(self, data: Record) -> Record | list[str]:
        note = self.credit_notes.get(data["CreditNote"].get("CreditNoteID") or "")
        amount = money(data.get("Amount"))
        if note is None:
            return ["Credit note could not be found"]
        if note["Status"] != "AUTHORISED":
            return ["Credit note not of valid status for payment"]
        if amount <= 0 or amount > money(note["RemainingCredit"]):
            return ["Payment amount exceeds the amount outstanding on this document"]
        account = self._account(data)
        if account is None:
            return ["Account type is invalid for making a payment to/from"]
        day = parse_date(data.get("Date")) or dt.datetime.now(dt.UTC).date()
        target = {k: note[k] for k in ("CreditNoteID", "CreditNoteNumber")}
        payment = self._store_payment(data, account, day, "ARCREDITPAYMENT", CreditNote=target)
        note["RemainingCredit"] = float(money(note["RemainingCredit"]) - amount)
        note.setdefault("Payments", []).append(
            {"PaymentID": payment["PaymentID"], "Date": payment["Date"], "Amount": float(amount)}
        )
        if money(note["RemainingCredit"]) == 0:
            note.update(Status="PAID", FullyPaidOnDate=ms_date(day))
        note["UpdatedDateUTC"] = now_ms()
        return payment

    def _store_payment(
        self, data: Record, account: Record, day: dt.date, kind: str, **target: Record
    ) -> Record:
        payment = {
            **data,
            "PaymentID": str(uuid.uuid4()),
            "Amount": float(money(data.get("Amount"))),
            "Date": ms_date(day),
            "Status": "AUTHORISED",
            "PaymentType": kind,
            "Account": {"AccountID": account["AccountID"], "Code": account["Code"]},
            **target,
            "UpdatedDateUTC": now_ms(),
        }
        self.payments[payment["PaymentID"]] = payment
        return payment

    def allocate(self, credit_note_id: str, data: Record) -> Record | list[str]:
        note = self.credit_notes.get(credit_note_id)
        amount = money(data.get("Amount"))
        if note is None or note["Status"] != "AUTHORISED":
            return ["Credit note must be AUTHORISED before it can be allocated"]
        if amount > money(note["RemainingCredit"]):
            return ["Allocation amount exceeds the remaining credit on this credit note"]
        invoice = self._payable(data.get("Invoice"), amount)
        if isinstance(invoice, list):
            return invoice
        day = parse_date(data.get("Date")) or dt.datetime.now(dt.UTC).date()
        allocation = {
            "AllocationID": str(uuid.uuid4()),
            "Amount": float(amount),
            "Date": ms_date(day),
            "Invoice": {
                "InvoiceID": invoice["InvoiceID"],
                "InvoiceNumber": invoice["InvoiceNumber"],
            },
            "CreditNote": {"CreditNoteID": credit_note_id},
        }
        self._settle(invoice, amount, "AmountCredited", day)
        invoice.setdefault("CreditNotes", []).append(
            {
                "CreditNoteID": credit_note_id,
                "CreditNoteNumber": note["CreditNoteNumber"],
                "Total": note["Total"],
                "Date": allocation["Date"],
                "AppliedAmount": float(amount),
            }
        )
        note["RemainingCredit"] = float(money(note["RemainingCredit"]) - amount)
        note["Allocations"].append({k: v for k, v in allocation.items() if k != "CreditNote"})
        if money(note["RemainingCredit"]) == 0:
            note["Status"] = "PAID"
        return allocation
