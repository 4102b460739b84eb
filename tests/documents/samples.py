"""Invoice contexts for document tests: the sample invoice of an Italian account."""

from __future__ import annotations

import datetime as dt

from billing_app.documents.invoice_context import invoice_context
from billing_app.documents.sample_invoice import sample_customer, sample_invoice
from billing_app.models import AccountSettings

TODAY = dt.date(2026, 11, 28)


def account() -> AccountSettings:
    return AccountSettings(
        legal_name="Rete Sicura S.r.l.", country="IT", currency="EUR", locale="it_IT",
        street="Via Roma 1", city="Milano", postcode="20121", vat_id="IT01234567890",
        iban="IT60X0542811101000000123456",
    )  # fmt: skip


def context(*, draft: bool = False, with_payment: bool = False) -> dict[str, object]:
    detail = sample_invoice("EUR", TODAY, draft=draft, with_payment=with_payment)
    return invoice_context(detail, account(), sample_customer())
