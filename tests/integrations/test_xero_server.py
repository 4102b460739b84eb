"""The Xero test server, driven through the official xero-python SDK, behaves like Xero."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import pytest
import requests
from xero_python.accounting import (
    Contact,
    Contacts,
    Invoice,
    Invoices,
    LineItem,
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
