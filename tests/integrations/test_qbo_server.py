"""The QuickBooks test server's Accounting API, driven through python-quickbooks."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import requests
from quickbooks import QuickBooks
from quickbooks.batch import batch_create
from quickbooks.exceptions import QuickbooksException, SevereException, ValidationException
from quickbooks.objects.base import EmailAddress, LinkedTxn, Ref
from quickbooks.objects.creditmemo import CreditMemo
from quickbooks.objects.customer import Customer
from quickbooks.objects.detailline import SalesItemLine, SalesItemLineDetail
from quickbooks.objects.invoice import Invoice
from quickbooks.objects.payment import Payment, PaymentLine
from quickbooks.objects.refundreceipt import RefundReceipt

from tests.integrations.qbo_fixtures import qb, qbo_server
from tests.integrations.qbo_server import QboServer

__all__ = ["qb", "qbo_server"]


def ref(value: str) -> Ref:
    found = Ref()
    found.value = value
    return found


def customer(qb: QuickBooks, name: str, email: str = "") -> Customer:
    new = Customer()
    new.DisplayName = name
    if email:
        new.PrimaryEmailAddr = EmailAddress()
        new.PrimaryEmailAddr.Address = email
    return new.save(qb=qb)


def sale(kind: type[Any], customer_id: str, amount: str, *, item: str = "", tax: str = "") -> Any:
    line = SalesItemLine()
    line.Amount = Decimal(amount)
    line.Description = "Managed services, November"
    line.SalesItemLineDetail = SalesItemLineDetail()
    line.SalesItemLineDetail.Qty, line.SalesItemLineDetail.UnitPrice = 1, Decimal(amount)
    line.SalesItemLineDetail.ItemRef = ref(item) if item else None
    line.SalesItemLineDetail.TaxCodeRef = ref(tax) if tax else None
    document = kind()
    document.CustomerRef = ref(customer_id)
    document.Line = [line]
    return document


def test_customers_are_created_and_found_by_id_name_email_and_in(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme S.r.l.", "billing@acme.test")
    bar = customer(qb, "Bar d'Angolo", "conti@bar.test")
    customer(qb, "Cielo SpA")

    assert acme.Id and acme.SyncToken == "0"
    assert [c.Id for c in Customer.filter(DisplayName="Bar d'Angolo", qb=qb)] == [bar.Id]
    assert [c.Id for c in Customer.filter(DisplayName="acme s.r.l.", qb=qb)] == [acme.Id]
    found = Customer.where("PrimaryEmailAddr = 'billing@acme.test'", qb=qb)
    assert [c.DisplayName for c in found] == ["Acme S.r.l."]
    assert {c.Id for c in Customer.choose([acme.Id, bar.Id], field="Id", qb=qb)} == {
        acme.Id,
        bar.Id,
    }
    assert Customer.get(bar.Id, qb=qb).DisplayName == "Bar d'Angolo"
    page = Customer.all(order_by="DisplayName DESC", start_position=2, max_results=1, qb=qb)
    assert [c.DisplayName for c in page] == ["Bar d'Angolo"]
    assert Customer.count(qb=qb) == 3
    assert qbo_server.calls["customer"] == 4 and qbo_server.calls["query"] == 6


def test_a_duplicate_customer_name_is_a_validation_fault(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    first = customer(qb, "Acme S.r.l.")
    with pytest.raises(QuickbooksException) as refused:  # the SDK maps 5000-9999 to the base
        customer(qb, "ACME S.R.L.")
    assert refused.value.error_code == 6240
    assert f"Id={first.Id}" in refused.value.detail
    assert len(qbo_server.records("Customer")) == 1


def test_every_call_carries_the_bearer_token_minorversion_and_requestid(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    sale(Invoice, acme.Id, "10.00").save(qb=qb, request_id="inv-1-v1")
    logged = qbo_server.requests[-1]

    assert logged.path == f"/v3/company/{qbo_server.realm_id}/invoice"
    assert logged.query == {"minorversion": "75", "requestid": "inv-1-v1"}
    assert logged.headers["authorization"] == f"Bearer {qb.auth_client.access_token}"
    assert logged.headers["content-type"] == "application/json"


def test_a_batch_of_30_invoices_with_one_invalid_item_stores_the_other_29(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    hours = qbo_server.find("Item", Name="Hours")["Id"]
    vat = qbo_server.find("TaxCode", Name="22% IVA")["Id"]
    invoices = [sale(Invoice, acme.Id, f"{100 + n}.50", item=hours, tax=vat) for n in range(30)]
    invoices[7] = sale(Invoice, acme.Id, "1.00", item="999999", tax=vat)

    result = batch_create(invoices, qb=qb)

    assert qbo_server.calls["batch"] == 1
    assert len(result.successes) == 29 and len(result.faults) == 1
    fault = result.faults[0]
    assert fault.type == "ValidationFault" and fault.Error[0].code == "2500"
    assert "ItemRef" in fault.Error[0].Detail and fault.original_object is invoices[7]
    stored = qbo_server.records("Invoice")
    assert len(stored) == 29 and Decimal("1.00") not in {r["TotalAmt"] for r in stored}
    assert len({r["DocNumber"] for r in stored}) == 29


def test_a_batch_over_the_limit_is_refused_whole(qbo_server: QboServer, qb: QuickBooks) -> None:
    acme = customer(qb, "Acme")
    items = [
        {
            "bId": f"b{n}",
            "operation": "create",
            "Invoice": json.loads(sale(Invoice, acme.Id, "5.00").to_json()),
        }
        for n in range(31)
    ]
    with pytest.raises(ValidationException):
        qb.batch_operation(json.dumps({"BatchItemRequest": items}))
    assert qbo_server.records("Invoice") == []


def test_the_same_requestid_twice_creates_one_invoice(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    first = sale(Invoice, acme.Id, "250.00").save(qb=qb, request_id="inv-12-v1")
    again = sale(Invoice, acme.Id, "250.00").save(qb=qb, request_id="inv-12-v1")

    assert again.Id == first.Id
    assert len(qbo_server.records("Invoice")) == 1 and qbo_server.replayed == 1


def test_a_batch_replayed_by_requestid_creates_nothing_twice(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    items = [
        {
            "bId": f"inv-{n}-v1",
            "operation": "create",
            "Invoice": json.loads(sale(Invoice, acme.Id, "5.00").to_json()),
        }
        for n in range(3)
    ]
    body = json.dumps({"BatchItemRequest": items})
    url = f"{qb.api_url}/company/{qb.company_id}/batch"
    qbo_server.fail_after_store(kind="batch")

    with pytest.raises(SevereException):
        qb.post(url, body, request_id="batch-7f3a")
    answer = qb.post(url, body, request_id="batch-7f3a")

    assert [item["bId"] for item in answer["BatchItemResponse"]] == [
        "inv-0-v1",
        "inv-1-v1",
        "inv-2-v1",
    ]
    assert len(qbo_server.records("Invoice")) == 3


def test_500_after_store_then_a_retry_with_the_same_requestid_gives_one_invoice(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    qbo_server.fail_after_store(kind="invoice")

    with pytest.raises(SevereException) as failed:
        sale(Invoice, acme.Id, "99.00").save(qb=qb, request_id="inv-5-v2")
    assert failed.value.error_code == 10000
    assert len(qbo_server.records("Invoice")) == 1

    retried = sale(Invoice, acme.Id, "99.00").save(qb=qb, request_id="inv-5-v2")
    assert [r["Id"] for r in qbo_server.records("Invoice")] == [retried.Id]


def status_codes(qb: QuickBooks) -> list[int]:
    """What an exporter sees below the SDK: the status of every response (a requests hook)."""
    seen: list[int] = []
    qb.session.hooks["response"].append(lambda response, **_: seen.append(response.status_code))
    return seen


def test_a_json_throttle_is_a_429_that_the_sdk_raises_as_code_3001(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    seen = status_codes(qb)
    qbo_server.throttle(kind="customer")
    with pytest.raises(ValidationException) as throttled:
        customer(qb, "Acme")
    assert throttled.value.error_code == 3001
    assert "ThrottleExceeded" in throttled.value.message
    assert seen == [429] and qbo_server.records("Customer") == []
    customer(qb, "Acme")
    assert seen == [429, 200]


def test_an_xml_throttle_is_a_429_that_the_sdk_cannot_parse(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    seen = status_codes(qb)
    qbo_server.throttle(xml=True)
    with pytest.raises(QuickbooksException) as throttled:
        Customer.all(qb=qb)
    assert throttled.value.error_code == 10000
    assert '<Fault type="ThrottleExceeded">' in throttled.value.message
    assert seen == [429]


def test_the_rate_limit_throttles_beyond_the_calls_per_minute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.integrations.qbo_fixtures import connect, quickbooks

    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with QboServer(rate_limit_per_minute=3) as server:
        client = quickbooks(server, connect(server))
        for _ in range(3):
            Customer.all(qb=client)
        with pytest.raises(ValidationException) as throttled:
            Customer.all(qb=client)
        assert throttled.value.error_code == 3001


def test_payments_credit_memos_and_refunds_are_visible_in_queries(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    invoice = sale(Invoice, acme.Id, "100.00").save(qb=qb)
    payment = Payment()
    payment.CustomerRef, payment.TotalAmt = ref(acme.Id), Decimal("40.00")
    payment.Line = [PaymentLine()]
    payment.Line[0].Amount = Decimal("40.00")
    payment.Line[0].LinkedTxn = [invoice.to_linked_txn()]
    payment.save(qb=qb)
    assert [(t.TxnId, t.TxnType) for t in Invoice.get(invoice.Id, qb=qb).LinkedTxn] == [
        (payment.Id, "Payment")
    ]
    sale(CreditMemo, acme.Id, "60.00").save(qb=qb)
    refund = sale(RefundReceipt, acme.Id, "15.00")
    refund.DepositToAccountRef = ref(qbo_server.find("Account", Name="Checking")["Id"])
    refund.save(qb=qb)

    paid = Payment.where(f"CustomerRef = '{acme.Id}'", qb=qb)
    assert [p.Line[0].LinkedTxn[0].TxnId for p in paid] == [invoice.Id]
    assert Invoice.get(invoice.Id, qb=qb).Balance == 60
    assert [c.TotalAmt for c in CreditMemo.filter(CustomerRef=acme.Id, qb=qb)] == [60]
    assert [r.TotalAmt for r in RefundReceipt.all(qb=qb)] == [15]


def test_a_payment_above_the_open_balance_is_refused(qbo_server: QboServer, qb: QuickBooks) -> None:
    acme = customer(qb, "Acme")
    invoice = sale(Invoice, acme.Id, "100.00").save(qb=qb)
    payment = Payment()
    payment.CustomerRef, payment.TotalAmt = ref(acme.Id), Decimal("120.00")
    payment.Line = [PaymentLine()]
    payment.Line[0].Amount = Decimal("120.00")
    linked = LinkedTxn()
    linked.TxnId, linked.TxnType = invoice.Id, "Invoice"
    payment.Line[0].LinkedTxn = [linked]
    with pytest.raises(QuickbooksException) as refused:
        payment.save(qb=qb)
    assert refused.value.error_code == 6000
    assert qbo_server.records("Payment") == [] and Invoice.get(invoice.Id, qb=qb).Balance == 100


def test_an_update_needs_the_current_synctoken_and_sparse_keeps_the_rest(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    invoice = sale(Invoice, acme.Id, "100.00").save(qb=qb)
    invoice.PrivateNote = "Exported from the billing app"
    updated = invoice.save(qb=qb)
    assert updated.SyncToken == "1" and updated.PrivateNote == "Exported from the billing app"

    with pytest.raises(QuickbooksException) as stale:
        invoice.save(qb=qb)
    assert stale.value.error_code == 5010

    url = f"{qb.api_url}/company/{qb.company_id}/invoice"
    sparse = {"Id": invoice.Id, "SyncToken": "1", "sparse": True, "DocNumber": "2026-00042"}
    answer = qb.post(url, json.dumps(sparse))["Invoice"]
    assert answer["DocNumber"] == "2026-00042" and answer["TotalAmt"] == 100
    assert answer["SyncToken"] == "2" and len(qbo_server.records("Invoice")) == 1


def test_unknown_customer_and_tax_code_are_validation_faults(
    qbo_server: QboServer, qb: QuickBooks
) -> None:
    acme = customer(qb, "Acme")
    for invalid in (sale(Invoice, "4242", "1.00"), sale(Invoice, acme.Id, "1.00", tax="777")):
        with pytest.raises(ValidationException) as refused:
            invalid.save(qb=qb)
        assert refused.value.error_code == 2500
    assert qbo_server.records("Invoice") == []


def test_a_token_for_another_company_is_refused(qbo_server: QboServer, qb: QuickBooks) -> None:
    qb.company_id = "1234"
    with pytest.raises(ValidationException) as refused:
        Customer.all(qb=qb)
    assert refused.value.error_code == 3100
    assert requests.get(f"{qbo_server.url}/nowhere", timeout=5).status_code == 404
