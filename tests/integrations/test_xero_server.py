"""The Xero test server, driven through the official xero-python SDK, behaves like Xero."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from requests_oauthlib import OAuth2Session
from xero_python.accounting import (
    Account,
    Allocation,
    Allocations,
    Contact,
    Contacts,
    CreditNote,
    CreditNotes,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
    Payment,
    Payments,
)
from xero_python.exceptions import HTTPStatusException, RateLimitException

from tests.integrations.xero_client import XeroSdk
from tests.integrations.xero_server import XeroServer

T = TypeVar("T")
D = Decimal
REDIRECT = "http://127.0.0.1:9/xero/callback"


def contact_id(sdk: XeroSdk, name: str = "Rossi Impianti Srl") -> str:
    created = sdk.accounting.create_contacts(sdk.tenant, Contacts(contacts=[Contact(name=name)]))
    return str(created.contacts[0].contact_id)


def invoice(contact: str, number: str, account_code: str = "200", **extra: Any) -> Invoice:
    line = LineItem(
        description="Support hours",
        quantity=2,
        unit_amount=50,
        account_code=account_code,
        tax_type="OUTPUT2",
    )
    return Invoice(
        type="ACCREC",
        contact=Contact(contact_id=contact),
        invoice_number=number,
        date=dt.date(2026, 11, 2),
        due_date=dt.date(2026, 12, 2),
        line_items=[line],
        status="AUTHORISED",
        **extra,
    )


def stored_numbers(server: XeroServer) -> list[str]:
    return sorted(record["InvoiceNumber"] for record in server.ledger.invoices.values())


def with_retry_after(call: Callable[[], T], attempts: int = 3) -> T:
    """What the export will do: on 429 wait Retry-After seconds, then call again."""
    for _ in range(attempts - 1):
        try:
            return call()
        except HTTPStatusException as error:
            if not isinstance(error, RateLimitException):
                raise
            time.sleep(int(error.headers["Retry-After"]))
    return call()


# -- identity -------------------------------------------------------------------------------
def test_consent_redirects_with_a_code_that_buys_tokens_once(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    session = OAuth2Session(
        xero_server.tokens.client_id,
        redirect_uri=REDIRECT,
        scope=["openid", "offline_access", "accounting.transactions"],
    )
    url, state = session.authorization_url(xero_server.authorize_url)
    consent = requests.get(url, allow_redirects=False, timeout=5)
    assert consent.status_code == 302
    location = consent.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    assert parse_qs(urlsplit(location).query)["state"] == [state]

    token = session.fetch_token(
        xero_server.token_url,
        authorization_response=location,
        client_secret=xero_server.tokens.client_secret,
    )
    assert token["refresh_token"] and token["expires_in"] == 1800
    xero_sdk.token = dict(token)
    assert [c.tenant_id for c in xero_sdk.identity.get_connections()] == [xero_sdk.tenant]

    code = parse_qs(urlsplit(location).query)["code"][0]
    again = requests.post(
        xero_server.token_url,
        timeout=5,
        auth=xero_server_client(xero_server),
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
    )
    assert (again.status_code, again.json()) == (400, {"error": "invalid_grant"})


def xero_server_client(server: XeroServer) -> tuple[str, str]:
    return server.tokens.client_id, server.tokens.client_secret


def test_token_endpoint_refuses_a_wrong_client_secret(xero_server: XeroServer) -> None:
    answer = requests.post(
        xero_server.token_url,
        auth=(xero_server.tokens.client_id, "wrong"),
        data={"grant_type": "refresh_token", "refresh_token": "x"},
        timeout=5,
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_client"})


def test_authorize_refuses_an_unknown_client(xero_server: XeroServer) -> None:
    answer = requests.get(
        xero_server.authorize_url,
        allow_redirects=False,
        timeout=5,
        params={
            "response_type": "code",
            "client_id": "someone-else",
            "redirect_uri": REDIRECT,
            "scope": "openid",
            "state": "s",
        },
    )
    assert answer.status_code == 400


def test_refresh_rotates_the_refresh_token_and_retires_the_old_one(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    old, old_access = xero_sdk.token["refresh_token"], xero_sdk.token["access_token"]
    new = xero_sdk.client.refresh_oauth2_token()
    assert new["refresh_token"] != old and new["access_token"] != old_access
    reuse = requests.post(
        xero_server.token_url,
        auth=xero_server_client(xero_server),
        data={"grant_type": "refresh_token", "refresh_token": old},
        timeout=5,
    )
    assert (reuse.status_code, reuse.json()) == (400, {"error": "invalid_grant"})
    assert xero_sdk.identity.get_connections()[0].tenant_id == xero_sdk.tenant


def test_a_revoked_refresh_token_gives_invalid_grant(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    refresh_token = xero_sdk.token["refresh_token"]
    xero_sdk.client.revoke_oauth2_token()
    assert xero_sdk.token["refresh_token"] is None
    answer = requests.post(
        xero_server.token_url,
        auth=xero_server_client(xero_server),
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        timeout=5,
    )
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})


def test_an_expired_access_token_answers_401_until_refreshed(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    xero_server.expire_access_tokens()
    with pytest.raises(HTTPStatusException) as refused:
        xero_sdk.accounting.get_contacts(xero_sdk.tenant)
    assert refused.value.status == 401
    xero_sdk.client.refresh_oauth2_token()
    assert xero_sdk.accounting.get_contacts(xero_sdk.tenant).contacts == []


def test_another_tenant_is_forbidden(xero_sdk: XeroSdk) -> None:
    with pytest.raises(HTTPStatusException) as refused:
        xero_sdk.accounting.get_invoices("6f0c2a6e-0000-4000-8000-000000000000")
    assert refused.value.status == 403


# -- contacts and reference data ------------------------------------------------------------
def test_contacts_are_created_in_one_call_and_found_by_where_and_ids(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    names = ["Rossi Impianti Srl", "Bianchi & Figli", "Studio Verdi"]
    created = xero_sdk.accounting.create_contacts(
        xero_sdk.tenant, Contacts(contacts=[Contact(name=n, email_address="a@b.it") for n in names])
    )
    assert xero_server.calls["PUT Contacts"] == 1
    ids = [str(c.contact_id) for c in created.contacts]
    found = xero_sdk.accounting.get_contacts(xero_sdk.tenant, where='Name=="Studio Verdi"')
    assert [str(c.contact_id) for c in found.contacts] == ids[2:]
    by_ids = xero_sdk.accounting.get_contacts(xero_sdk.tenant, i_ds=ids[:2])
    assert sorted(c.name for c in by_ids.contacts) == sorted(names[:2])


def test_a_duplicate_contact_name_is_a_validation_error_on_that_contact(xero_sdk: XeroSdk) -> None:
    contact_id(xero_sdk, "Studio Verdi")
    answer = xero_sdk.accounting.create_contacts(
        xero_sdk.tenant,
        Contacts(contacts=[Contact(name="Studio Verdi"), Contact(name="Neri")]),
        summarize_errors=False,
    )
    first, second = answer.contacts
    assert first.has_validation_errors and "must be unique" in first.validation_errors[0].message
    assert second.status_attribute_string == "OK"


def test_reference_data_lists_accounts_tax_rates_and_items(xero_sdk: XeroSdk) -> None:
    tenant = xero_sdk.tenant
    assert {a.code for a in xero_sdk.accounting.get_accounts(tenant).accounts} >= {"200", "090"}
    assert "OUTPUT2" in {t.tax_type for t in xero_sdk.accounting.get_tax_rates(tenant).tax_rates}
    assert "SUPPORT-H" in {i.code for i in xero_sdk.accounting.get_items(tenant).items}


# -- invoices -------------------------------------------------------------------------------
def test_fifty_invoices_in_one_put_with_one_invalid_store_the_other_49(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    contact = contact_id(xero_sdk)
    batch = [invoice(contact, f"2026-{n:04}") for n in range(1, 51)]
    batch[17] = invoice(contact, "2026-0018", account_code="999")
    answer = xero_sdk.accounting.create_invoices(
        xero_sdk.tenant, Invoices(invoices=batch), summarize_errors=False
    )
    assert xero_server.calls["PUT Invoices"] == 1
    bad = answer.invoices[17]
    assert bad.has_errors and bad.status_attribute_string == "ERROR"
    assert bad.validation_errors[0].message == (
        "Account code '999' is not a valid code for this document."
    )
    assert all(i.status_attribute_string == "OK" for n, i in enumerate(answer.invoices) if n != 17)
    assert len(xero_server.ledger.invoices) == 49 and "2026-0018" not in stored_numbers(xero_server)
    assert answer.invoices[0].total == 122.0 and answer.invoices[0].amount_due == 122.0
    page = xero_sdk.accounting.get_invoices(xero_sdk.tenant, page=1, statuses=["AUTHORISED"])
    assert len(page.invoices) == 49 and page.pagination.item_count == 49


def test_without_summarize_false_one_invalid_invoice_stores_nothing(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    contact = contact_id(xero_sdk)
    bad_tax = invoice(contact, "2026-0002")
    bad_tax.line_items[0].tax_type = "NOPE"
    with pytest.raises(HTTPStatusException) as refused:
        xero_sdk.accounting.create_invoices(
            xero_sdk.tenant, Invoices(invoices=[invoice(contact, "2026-0001"), bad_tax])
        )
    assert refused.value.status == 400
    assert "TaxType code 'NOPE' does not exist" in refused.value.body.decode()
    assert xero_server.ledger.invoices == {}


def test_an_unknown_contact_fails_that_invoice_only(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    good = invoice(contact_id(xero_sdk), "2026-0001")
    stray = invoice("0d7b4b9e-1111-4a4a-8a8a-123456789abc", "2026-0002")
    answer = xero_sdk.accounting.create_invoices(
        xero_sdk.tenant, Invoices(invoices=[good, stray]), summarize_errors=False
    )
    assert [i.has_errors for i in answer.invoices] == [False, True]
    assert stored_numbers(xero_server) == ["2026-0001"]


def test_the_same_idempotency_key_and_body_create_one_invoice(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    batch = Invoices(invoices=[invoice(contact_id(xero_sdk), "2026-0001")])
    first = xero_sdk.accounting.create_invoices(xero_sdk.tenant, batch, idempotency_key="inv-1-v1")
    second = xero_sdk.accounting.create_invoices(xero_sdk.tenant, batch, idempotency_key="inv-1-v1")
    assert first.invoices[0].invoice_id == second.invoices[0].invoice_id
    assert stored_numbers(xero_server) == ["2026-0001"]
    xero_sdk.accounting.create_invoices(xero_sdk.tenant, batch, idempotency_key="inv-1-v2")
    assert stored_numbers(xero_server) == ["2026-0001", "2026-0001"]  # no key: a duplicate


def test_an_idempotency_key_reused_for_another_body_is_refused(xero_sdk: XeroSdk) -> None:
    contact = contact_id(xero_sdk)
    one, two = (Invoices(invoices=[invoice(contact, n)]) for n in ("2026-0001", "2026-0002"))
    xero_sdk.accounting.create_invoices(xero_sdk.tenant, one, idempotency_key="k")
    with pytest.raises(HTTPStatusException) as refused:
        xero_sdk.accounting.create_invoices(xero_sdk.tenant, two, idempotency_key="k")
    assert refused.value.status == 400


def test_post_updates_the_invoice_with_that_number(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    contact = contact_id(xero_sdk)
    xero_sdk.accounting.create_invoices(
        xero_sdk.tenant, Invoices(invoices=[invoice(contact, "A-1")])
    )
    changed = invoice(contact, "A-1", reference="PO 77")
    answer = xero_sdk.accounting.update_or_create_invoices(
        xero_sdk.tenant, Invoices(invoices=[changed]), summarize_errors=False
    )
    assert answer.invoices[0].reference == "PO 77" and stored_numbers(xero_server) == ["A-1"]


def test_the_sdk_waits_retry_after_and_repeats_a_put_answered_429(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    """urllib3 under xero-python retries GET/PUT on 429 itself, honouring Retry-After."""
    batch = Invoices(invoices=[invoice(contact_id(xero_sdk), "2026-0001")])
    xero_server.rate_limit(calls=1, retry_after=1)
    started = time.monotonic()
    xero_sdk.accounting.create_invoices(xero_sdk.tenant, batch)
    assert time.monotonic() - started >= 1
    assert [e.status for e in xero_server.log if e.kind == "PUT Invoices"] == [429, 200]
    assert xero_server.calls["PUT Invoices"] == 2 and stored_numbers(xero_server) == ["2026-0001"]


def test_a_post_answered_429_carries_retry_after_and_succeeds_when_retried(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    batch = Invoices(invoices=[invoice(contact_id(xero_sdk), "2026-0001")])
    xero_server.rate_limit(calls=1, retry_after=1)
    with pytest.raises(RateLimitException) as limited:
        xero_sdk.accounting.update_or_create_invoices(xero_sdk.tenant, batch)
    assert limited.value.headers["Retry-After"] == "1"
    assert limited.value.rate_limit == "minute"
    xero_server.rate_limit(calls=1, retry_after=1)
    started = time.monotonic()
    with_retry_after(lambda: xero_sdk.accounting.update_or_create_invoices(xero_sdk.tenant, batch))
    assert time.monotonic() - started >= 1
    assert [e.status for e in xero_server.log if e.kind == "POST Invoices"] == [429, 429, 200]
    assert stored_numbers(xero_server) == ["2026-0001"]


def test_a_500_after_storing_then_a_retry_with_the_same_key_leaves_one_invoice(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    batch = Invoices(invoices=[invoice(contact_id(xero_sdk), "2026-0001")])
    xero_server.fail_after_store()
    with pytest.raises(HTTPStatusException) as lost:
        xero_sdk.accounting.create_invoices(xero_sdk.tenant, batch, idempotency_key="inv-1-v1")
    assert lost.value.status == 500 and stored_numbers(xero_server) == ["2026-0001"]
    retried = xero_sdk.accounting.create_invoices(
        xero_sdk.tenant, batch, idempotency_key="inv-1-v1"
    )
    assert stored_numbers(xero_server) == ["2026-0001"]
    assert str(retried.invoices[0].invoice_id) in xero_server.ledger.invoices


# -- pricing: what Xero computes from the lines it is sent (figures worked out by hand) ------
def line(quantity: float, unit: float, tax_type: str = "OUTPUT2", **extra: Any) -> LineItem:
    return LineItem(description="Managed services", quantity=quantity, unit_amount=unit,
                    account_code="200", tax_type=tax_type, **extra)  # fmt: skip


def priced(
    xero_sdk: XeroSdk, lines: list[LineItem], amount_types: str = "Exclusive", unitdp: int = 4
) -> Invoice:
    draft = invoice(
        contact_id(xero_sdk), "2026-0100", line_amount_types=LineAmountTypes(amount_types)
    )
    draft.line_items = lines
    answer = xero_sdk.accounting.create_invoices(
        xero_sdk.tenant, Invoices(invoices=[draft]), summarize_errors=False, unitdp=unitdp
    )
    return answer.invoices[0]


PRICINGS = {
    # 4 x 128.12 = 512.48 - 12.20 = 500.28, no tax (the server once said 512.48);
    # 2.5 x 33.3333 = 83.33325 - 3.33 = 80.00325 → 80.00, 22% = 17.60
    "discount amounts": (
        "Exclusive",
        [line(4, 128.12, "NONE", discount_amount=12.2), line(2.5, 33.3333, discount_amount=3.33)],
        [("500.28", "0"), ("80.00", "17.60")],
        ("580.28", "17.60", "597.88"),
    ),
    # 3 x 19.99 = 59.97 x 87.5% = 52.47375 → 52.47, 10% = 5.247 → 5.25
    "a discount rate": (
        "Exclusive",
        [line(3, 19.99, "OUTPUT", discount_rate=12.5)],
        [("52.47", "5.25")],
        ("52.47", "5.25", "57.72"),
    ),
    # 122 holds 22 of tax; 3 x 10.99 - 2 = 30.97 holds 30.97 x 10/110 = 2.8155 → 2.82
    "tax-inclusive": (
        "Inclusive",
        [line(1, 122), line(3, 10.99, "OUTPUT", discount_amount=2)],
        [("122", "22"), ("30.97", "2.82")],
        ("128.15", "24.82", "152.97"),
    ),
    "no tax": ("NoTax", [line(2, 50)], [("100", "0")], ("100", "0", "100")),
    # 0.125 rounds half away from zero to 0.13; 22% of it = 0.0286 → 0.03
    "half a cent": ("Exclusive", [line(1, 0.125)], [("0.13", "0.03")], ("0.13", "0.03", "0.16")),
}


@pytest.mark.parametrize("case", PRICINGS)
def test_line_amounts_tax_and_totals_are_computed_from_the_lines_sent(
    xero_sdk: XeroSdk, case: str
) -> None:
    amount_types, lines, expected_lines, expected_totals = PRICINGS[case]
    answer = priced(xero_sdk, lines, amount_types)
    assert answer.status_attribute_string == "OK", answer.validation_errors
    assert [(li.line_amount, li.tax_amount) for li in answer.line_items] == [
        (D(amount), D(tax)) for amount, tax in expected_lines
    ]
    totals = (answer.sub_total, answer.total_tax, answer.total)
    assert totals == tuple(D(figure) for figure in expected_totals)
    assert answer.amount_due == answer.total


@pytest.mark.parametrize(("unitdp", "line_amount", "total"),
                         [(4, "100.00", "122.00"), (2, "99.99", "121.99")])  # fmt: skip
def test_unit_amounts_keep_4_decimals_only_with_unitdp_4(
    xero_sdk: XeroSdk, unitdp: int, line_amount: str, total: str
) -> None:
    """3 x 33.3333 = 99.9999 → 100.00; without unitdp=4 the unit is 33.33: 99.99 (+ 22.00)."""
    answer = priced(xero_sdk, [line(3, 33.3333)], unitdp=unitdp)
    assert (answer.line_items[0].line_amount, answer.total) == (D(line_amount), D(total))


def test_a_line_amount_that_ignores_the_discount_is_refused(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    answer = priced(xero_sdk, [line(4, 128.12, "NONE", discount_amount=12.2, line_amount=512.48)])
    assert answer.has_errors and [e.message for e in answer.validation_errors] == [
        "The line total 512.48 does not match the expected line total 500.28."
    ]
    assert xero_server.ledger.invoices == {}


def test_a_line_with_both_a_discount_rate_and_amount_is_refused(xero_sdk: XeroSdk) -> None:
    both = line(1, 100, discount_rate=10, discount_amount=10, line_amount=90)
    assert [e.message for e in priced(xero_sdk, [both]).validation_errors] == [
        "A line item can have a DiscountRate or a DiscountAmount, not both."
    ]


def test_a_tax_amount_sent_overrides_the_rate_and_is_listed(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    """22% of 80.00 is 17.60: sending 17.60 is no override, sending 17.59 is one Xero keeps."""
    answer = priced(xero_sdk, [line(2, 40, tax_amount=17.6), line(2, 40, tax_amount=17.59)])
    assert (answer.total_tax, answer.total) == (D("35.19"), D("195.19"))
    assert xero_server.ledger.tax_overrides == [
        "2026-0100 line 2: TaxAmount 17.59 sent, OUTPUT2 gives 17.60"
    ]


def test_credit_notes_are_priced_alike_and_take_no_discount(xero_sdk: XeroSdk) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    lines = [line(1, 122), line(2, 10, "OUTPUT", discount_amount=1)]
    note = CreditNote(type="ACCRECCREDIT", contact=Contact(contact_id=contact_id(xero_sdk)),
                      date=dt.date(2026, 11, 21), line_amount_types=LineAmountTypes("Inclusive"),
                      line_items=lines)  # fmt: skip
    notes = CreditNotes(credit_notes=[note])
    refused = api.create_credit_notes(tenant, notes, summarize_errors=False).credit_notes[0]
    assert [e.message for e in refused.validation_errors] == [
        "Discounts are not supported on credit notes."
    ]
    lines[1] = line(2, 10, "OUTPUT")  # 20 holds 20 x 10/110 = 1.818 → 1.82
    stored = api.create_credit_notes(tenant, notes, unitdp=4).credit_notes[0]
    totals = (stored.sub_total, stored.total_tax, stored.total)
    assert totals == (D("118.18"), D("23.82"), D("142"))


# -- payments and credit notes --------------------------------------------------------------
def test_payments_and_a_credit_note_allocation_show_on_the_invoice(xero_sdk: XeroSdk) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    contact = contact_id(xero_sdk)
    created = api.create_invoices(tenant, Invoices(invoices=[invoice(contact, "2026-0001")]))
    invoice_id = created.invoices[0].invoice_id
    payment = Payment(
        invoice=Invoice(invoice_id=invoice_id),
        account=Account(code="090"),
        date=dt.date(2026, 11, 20),
        amount=50,
    )
    api.create_payments(tenant, Payments(payments=[payment]))
    partly = api.get_invoices(tenant, i_ds=[invoice_id]).invoices[0]
    assert (partly.status, partly.amount_paid, partly.amount_due) == ("AUTHORISED", 50.0, 72.0)

    note = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=contact),
        status="AUTHORISED",
        date=dt.date(2026, 11, 21),
        line_items=[
            LineItem(
                description="Refund",
                quantity=1,
                unit_amount=72,
                account_code="200",
                tax_type="NONE",
            )
        ],
    )
    credit = api.create_credit_notes(tenant, CreditNotes(credit_notes=[note])).credit_notes[0]
    allocation = Allocation(
        invoice=Invoice(invoice_id=invoice_id), amount=72, date=dt.date(2026, 11, 21)
    )
    api.create_credit_note_allocation(
        tenant, credit.credit_note_id, Allocations(allocations=[allocation])
    )

    settled = api.get_invoices(tenant, i_ds=[invoice_id]).invoices[0]
    assert (settled.status, settled.amount_credited, settled.amount_due) == ("PAID", 72.0, 0.0)
    assert [p.amount for p in settled.payments] == [50.0]
    assert [p.amount for p in api.get_payments(tenant).payments] == [50.0]
    note_after = api.get_credit_notes(tenant).credit_notes[0]
    assert (note_after.remaining_credit, note_after.status) == (0.0, "PAID")


def test_a_payment_above_the_amount_due_is_refused(xero_sdk: XeroSdk) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    created = api.create_invoices(tenant, Invoices(invoices=[invoice(contact_id(xero_sdk), "X")]))
    payment = Payment(
        invoice=Invoice(invoice_id=created.invoices[0].invoice_id),
        account=Account(code="090"),
        date=dt.date(2026, 11, 20),
        amount=500,
    )
    answer = api.create_payments(tenant, Payments(payments=[payment]), summarize_errors=False)
    assert "exceeds the amount outstanding" in answer.payments[0].validation_errors[0].message


def authorised_credit_note(xero_sdk: XeroSdk, amount: float = 122) -> CreditNote:
    note = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=contact_id(xero_sdk)),
        status="AUTHORISED",
        date=dt.date(2026, 11, 21),
        line_items=[LineItem(description="Refund", quantity=1, unit_amount=amount,
                             account_code="200", tax_type="NONE")],
    )  # fmt: skip
    notes = CreditNotes(credit_notes=[note])
    return xero_sdk.accounting.create_credit_notes(xero_sdk.tenant, notes).credit_notes[0]


def cash_refund(credit: CreditNote, account: str, amount: float) -> Payment:
    return Payment(
        credit_note=CreditNote(credit_note_id=credit.credit_note_id),
        account=Account(code=account),
        date=dt.date(2026, 11, 22),
        amount=amount,
    )


def test_a_cash_refund_of_a_credit_note_is_an_arcreditpayment_that_uses_up_its_credit(
    xero_sdk: XeroSdk,
) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    credit = authorised_credit_note(xero_sdk)
    refund = cash_refund(credit, "090", 122)
    paid = api.create_payments(tenant, Payments(payments=[refund])).payments[0]
    assert paid.payment_type == "ARCREDITPAYMENT" and paid.invoice is None
    assert paid.credit_note.credit_note_id == credit.credit_note_id
    note_after = api.get_credit_notes(tenant).credit_notes[0]
    assert (note_after.remaining_credit, note_after.status) == (0.0, "PAID")
    assert [p.amount for p in note_after.payments] == [122.0]


@pytest.mark.parametrize(
    ("amount", "account", "message"),
    [
        (200, "090", "exceeds the amount outstanding"),
        (50, "200", "Account type is invalid"),
    ],
)
def test_a_cash_refund_above_the_credit_or_from_a_revenue_account_is_refused(
    xero_sdk: XeroSdk, amount: float, account: str, message: str
) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    credit = authorised_credit_note(xero_sdk)
    refund = cash_refund(credit, account, amount)
    answer = api.create_payments(tenant, Payments(payments=[refund]), summarize_errors=False)
    assert message in answer.payments[0].validation_errors[0].message
    assert api.get_credit_notes(tenant).credit_notes[0].remaining_credit == 122.0


# -- the spec check itself ------------------------------------------------------------------
def test_a_request_the_spec_rejects_is_answered_400_and_recorded(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    answer = requests.put(
        f"{xero_server.api_url}/Invoices",
        timeout=5,
        headers={"Authorization": f"Bearer {xero_sdk.token['access_token']}"},
        json={"Invoices": [{"Type": "SALE"}]},
    )
    assert answer.status_code == 400
    assert any("xero-tenant-id" in v for v in xero_server.violations)
    assert any("'SALE' is not one of" in v for v in xero_server.violations)
    assert xero_server.ledger.invoices == {}
    xero_server.violations.clear()  # recorded as expected: don't fail this test at teardown


def test_a_response_the_spec_rejects_is_recorded(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    api, tenant = xero_sdk.accounting, xero_sdk.tenant
    created = api.create_invoices(tenant, Invoices(invoices=[invoice(contact_id(xero_sdk), "X")]))
    xero_server.ledger.invoices[str(created.invoices[0].invoice_id)]["Status"] = "LOST"
    requests.get(
        f"{xero_server.api_url}/Invoices",
        timeout=5,
        headers={
            "Authorization": f"Bearer {xero_sdk.token['access_token']}",
            "xero-tenant-id": tenant,
        },
    )
    assert any("response to GET Invoices" in v and "'LOST'" in v for v in xero_server.violations)
    xero_server.violations.clear()


def test_a_where_the_server_cannot_evaluate_fails_the_test(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    with pytest.raises(HTTPStatusException):
        xero_sdk.accounting.get_invoices(xero_sdk.tenant, where="Total > 100")
    assert any("ResponseNotFound" in v for v in xero_server.violations)
    xero_server.violations.clear()


# -- volumes and token lifetime ---------------------------------------------------------------
def test_120_invoices_in_three_calls_page_by_100(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    contact = contact_id(xero_sdk)
    numbers = [f"2026-{n:04}" for n in range(1, 121)]
    for start in range(0, 120, 50):
        chunk = [invoice(contact, number) for number in numbers[start : start + 50]]
        xero_sdk.accounting.create_invoices(xero_sdk.tenant, Invoices(invoices=chunk))
    assert xero_server.calls["PUT Invoices"] == 3
    second = xero_sdk.accounting.get_invoices(xero_sdk.tenant, page=2)
    assert len(second.invoices) == 20 and second.pagination.page_count == 2
    mine = xero_sdk.accounting.get_invoices(
        xero_sdk.tenant, where=f'Contact.ContactID==guid("{contact}") AND Status=="AUTHORISED"'
    )
    assert len(mine.invoices) == 120


def test_access_tokens_expire_after_the_configured_lifetime(
    xero_server: XeroServer, xero_sdk: XeroSdk
) -> None:
    xero_server.tokens.access_lifetime = 1
    short_lived = xero_server.grant_token()
    assert short_lived["expires_in"] == 1
    headers = {"Authorization": f"Bearer {short_lived['access_token']}"}
    assert requests.get(f"{xero_server.url}/connections", headers=headers, timeout=5).ok
    time.sleep(1.1)
    late = requests.get(f"{xero_server.url}/connections", headers=headers, timeout=5)
    assert late.status_code == 401
