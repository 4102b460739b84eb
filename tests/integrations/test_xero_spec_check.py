"""The spec check of the Xero test server reads a request whole: path, query, headers, body.

A request the spec refuses is answered 400 and recorded in `violations`, which fails the test
that sent it (the `xero_server` fixture's teardown); the tests here that send one on purpose
read the violation and clear it. The app's own requests pass.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import requests
from werkzeug.datastructures import Headers, ImmutableMultiDict

from billing_app.domain.totals import LineInput
from billing_app.integrations.xero_payload import contacts_body, invoice_to_xero, invoices_body
from billing_app.services.accounting.xero_calls import XeroAccess, XeroCalls
from tests.integrations.export_samples import ACME, D, export_invoice, xero_mappings
from tests.integrations.xero_server import XeroServer
from tests.integrations.xero_spec import ACCOUNTING_PREFIX, SpecRequest, XeroSpecs

INVOICES = {"Invoices": [{"Type": "ACCREC", "Contact": {"Name": "Acme S.r.l."}}]}


def put_invoices(
    server: XeroServer, query: dict[str, str], headers: dict[str, str] | None = None
) -> requests.Response:
    """A PUT Invoices as a client other than the SDK could write it."""
    token = server.grant_token()["access_token"]
    sent = {"Authorization": f"Bearer {token}", "xero-tenant-id": server.tenant.tenant_id,
            "Content-Type": "application/json", "Accept": "application/json"}  # fmt: skip
    return requests.put(
        f"{server.api_url}/Invoices",
        params=query,
        headers={k: v for k, v in (sent | (headers or {})).items() if v},
        data=json.dumps(INVOICES),
        timeout=10,
    )


def refusal(server: XeroServer, response: requests.Response) -> str:
    """The violation the server recorded for the one request sent; cleared, so that the test
    (which sent it on purpose) does not fail."""
    assert response.status_code == 400
    violations, server.violations = server.violations, []
    assert len(violations) == 1
    assert violations[0].split(": ", 2)[-1] in response.json()["Message"]
    return violations[0]


def check(specs: XeroSpecs, method: str, path: str, query: dict[str, str], **body: Any) -> str:
    request = SpecRequest(
        method,
        ACCOUNTING_PREFIX + path,
        ImmutableMultiDict(query),
        Headers({"xero-tenant-id": str(uuid.uuid4()), "Content-Type": "application/json"}),
        json.dumps(body).encode() if body else None,
        "application/json",
    )
    return "\n".join(specs.check_request(request))


# -- refused --------------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["False", "FALSE", "0", "no", "off"])
def test_summarize_errors_written_other_than_false_is_refused(
    xero_server: XeroServer, spelling: str
) -> None:
    """Python's str(False) among them: what the SDK sent before xero_sdk.XeroApiClient."""
    response = put_invoices(xero_server, {"summarizeErrors": spelling})
    problem = refusal(xero_server, response)
    assert "summarizeErrors" in problem and f"{spelling!r} is not a boolean" in problem
    assert xero_server.ledger.invoices == {}


def test_a_request_without_xero_tenant_id_is_refused(xero_server: XeroServer) -> None:
    response = put_invoices(xero_server, {"summarizeErrors": "false"}, {"xero-tenant-id": ""})
    assert "Missing required header parameter: xero-tenant-id" in refusal(xero_server, response)


@pytest.mark.parametrize("unitdp", ["four", "4.0", " 4", "4_0", "+4"])
def test_a_non_integer_unitdp_is_refused(xero_server: XeroServer, unitdp: str) -> None:
    response = put_invoices(xero_server, {"summarizeErrors": "false", "unitdp": unitdp})
    assert f"{unitdp!r} is not an integer" in refusal(xero_server, response)


def test_a_query_parameter_the_operation_does_not_declare_is_refused(
    xero_server: XeroServer,
) -> None:
    """Xero would ignore a misspelt one: the batch would be summarised after all."""
    response = put_invoices(xero_server, {"summarizeerrors": "false"})
    assert "'summarizeerrors' is not a query parameter" in refusal(xero_server, response)


def test_an_idempotency_key_over_128_characters_is_refused(xero_server: XeroServer) -> None:
    response = put_invoices(xero_server, {}, {"Idempotency-Key": "k" * 129})
    assert "Idempotency-Key" in refusal(xero_server, response)
    put_invoices(xero_server, {}, {"Idempotency-Key": "k" * 128})
    assert xero_server.violations == []  # 128 is allowed (the invoice itself may be refused)


def test_a_credit_note_id_in_the_path_must_be_a_uuid(xero_server: XeroServer) -> None:
    token = xero_server.grant_token()["access_token"]
    response = requests.put(
        f"{xero_server.api_url}/CreditNotes/CN-0001/Allocations",
        headers={"Authorization": f"Bearer {token}", "xero-tenant-id": xero_server.tenant.tenant_id,
                 "Content-Type": "application/json"},
        data=json.dumps({"Allocations": []}),
        timeout=10,
    )  # fmt: skip
    assert "CreditNoteID" in refusal(xero_server, response)


def test_query_parameters_take_only_what_the_spec_declares(xero_specs: XeroSpecs) -> None:
    """Enums, integers, booleans and required ones, on operations the server need not serve."""
    assert check(xero_specs, "get", "/Invoices", {"page": "2", "Statuses": "PAID"}) == ""
    assert "'two' is not an integer" in check(xero_specs, "get", "/Invoices", {"page": "two"})
    assert check(xero_specs, "get", "/PurchaseOrders", {"Status": "DRAFT"}) == ""
    assert "is not one of" in check(xero_specs, "get", "/PurchaseOrders", {"Status": "draft"})
    assert "'True' is not a boolean" in check(
        xero_specs, "post", "/Invoices", {"summarizeErrors": "True"}, Invoices=[]
    )
    missing = check(xero_specs, "get", "/Reports/AgedReceivablesByContact", {})
    assert "Missing required query parameter: contactId" in missing


# -- accepted -------------------------------------------------------------------------------
def test_the_apps_writes_pass_with_summarize_errors_false(xero_server: XeroServer) -> None:
    """The app's own calls (XeroCalls over xero-python), as xero_export and xero_contacts make
    them: the SDK writes summarize_errors=False as `summarizeErrors=false`."""
    token = xero_server.grant_token()["access_token"]
    calls = XeroCalls(XeroAccess(token, xero_server.tenant.tenant_id, xero_server.api_url))
    contacts = calls.call("PUT Contacts", "create_contacts", contacts=contacts_body([ACME]),
                          summarize_errors=False, idempotency_key=str(uuid.uuid4()))  # fmt: skip
    assert contacts["Contacts"][0]["StatusAttributeString"] == "OK"
    invoice = invoice_to_xero(export_invoice([LineInput(D("2"), D("80"), D("22"))]),
                              xero_mappings())  # fmt: skip
    answer = calls.call(
        "PUT Invoices",
        "create_invoices",
        invoices=invoices_body([invoice]),
        summarize_errors=False,
        unitdp=4,
        idempotency_key=str(uuid.uuid4()),
    )
    assert answer["Invoices"][0]["StatusAttributeString"] == "OK"
    writes = [e for e in xero_server.log if e.method == "PUT"]
    assert [e.query for e in writes] == ["summarizeErrors=false", "summarizeErrors=false&unitdp=4"]
    assert all(e.status == 200 for e in xero_server.log) and xero_server.violations == []
