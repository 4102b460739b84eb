"""Accounting API answers of the Xero test server: list filters, paging, batch writes.

A table of collections says where each one is stored and how one element is saved; the two
generic answers (`answer_get`, `answer_write`) do the rest like Xero: per-element
ValidationErrors and StatusAttributeString with summarizeErrors=false, a 400
ValidationException (nothing stored) otherwise.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request, Response

from tests.integrations.xero_ledger import Ledger
from tests.integrations.xero_reference import EMPTY_ID, Record

PAGE_SIZE = 100
Saver = Callable[[Ledger, Record, bool, Mapping[str, Any]], "Record | list[str]"]
CLAUSE = re.compile(r'\s*([\w.]+)\s*(==|!=)\s*(?:guid\()?"([^"]*)"\)?\s*')


class UnsupportedQuery(ValueError):
    """A `where` the test server does not understand: a test-server limit, not a Xero error."""


@dataclass(frozen=True)
class Collection:
    name: str  # URL segment and JSON key, e.g. "Invoices"
    id_field: str
    store: str  # Ledger attribute
    methods: list[str]
    save: Saver | None = None
    error_flag: str = "HasValidationErrors"


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in [
        Collection(
            "Contacts",
            "ContactID",
            "contacts",
            ["GET", "PUT", "POST"],
            lambda ledger, data, update, _: ledger.save_contact(data, update),
        ),
        Collection(
            "Invoices",
            "InvoiceID",
            "invoices",
            ["GET", "PUT", "POST"],
            lambda ledger, data, update, args: ledger.save_invoice(data, update, args["unitdp"]),
            "HasErrors",
        ),
        Collection(
            "Payments",
            "PaymentID",
            "payments",
            ["GET", "PUT"],
            lambda ledger, data, _, __: ledger.save_payment(data),
        ),
        Collection(
            "CreditNotes",
            "CreditNoteID",
            "credit_notes",
            ["GET", "PUT"],
            lambda ledger, data, _, args: ledger.save_credit_note(data, args["unitdp"]),
            "HasErrors",
        ),
        Collection(
            "Allocations",
            "AllocationID",
            "",
            [],
            lambda ledger, data, _, args: ledger.allocate(args["credit_note_id"], data),
        ),
        Collection("Items", "ItemID", "items", ["GET"]),
        Collection("TaxRates", "TaxType", "tax_rates", ["GET"]),
        Collection("Accounts", "AccountID", "accounts", ["GET"]),
    ]
}


def _field(record: Record, dotted: str) -> str:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return "" if value is None else str(value)


def where_filter(where: str) -> Callable[[Record], bool]:
    """The part of Xero's `where` syntax the app uses: `A=="x" AND B.C==guid("…")`, `!=`."""
    clauses = []
    for text in re.split(r"\s+(?:AND|&&)\s+", where.strip()):
        match = CLAUSE.fullmatch(text)
        if not match:
            raise UnsupportedQuery(f"The Xero test server cannot evaluate where={where!r}")
        clauses.append(match.groups())
    return lambda record: all(
        (_field(record, name).lower() == value.lower()) == (op == "==")
        for name, op, value in clauses
    )


def _listed(
    records: list[Record], collection: Collection, args: MultiDict[str, str]
) -> list[Record]:
    filters = {
        "IDs": collection.id_field,
        "InvoiceNumbers": "InvoiceNumber",
        "Statuses": "Status",
        "ContactIDs": "Contact.ContactID",
    }
    for parameter, name in filters.items():
        if args.get(parameter):
            wanted = {value.strip().lower() for value in args[parameter].split(",")}
            records = [r for r in records if _field(r, name).lower() in wanted]
    if args.get("where"):
        records = list(filter(where_filter(args["where"]), records))
    return records


def answer_get(ledger: Ledger, collection: Collection, args: MultiDict[str, str]) -> Response:
    stored = getattr(ledger, collection.store)
    records = list(stored.values() if isinstance(stored, dict) else stored)
    try:
        records = _listed(records, collection, args)
    except UnsupportedQuery as error:
        return json_response(
            {"ErrorNumber": 16, "Type": "QueryParseException", "Message": str(error)}, 400
        )
    body: dict[str, Any] = {"Id": "test-server", "Status": "OK"}
    if args.get("page"):
        page, size = int(args["page"]), int(args.get("pageSize") or PAGE_SIZE)
        body["pagination"] = {
            "page": page,
            "pageSize": size,
            "itemCount": len(records),
            "pageCount": math.ceil(len(records) / size),
        }
        records = records[(page - 1) * size : page * size]
    return json_response({**body, collection.name: records})


def answer_write(
    ledger: Ledger,
    collection: Collection,
    request: Request,
    summarize: bool,
    arguments: Mapping[str, Any],
) -> Response:
    assert collection.save is not None
    submitted = json.loads(request.get_data() or b"{}").get(collection.name) or []
    update = request.method == "POST"
    arguments = {**arguments, "unitdp": 4 if request.args.get("unitdp") == "4" else 2}
    answered, failed = [], False
    for data in submitted:
        saved = collection.save(ledger, data, update, arguments)
        if isinstance(saved, list):
            failed = True
            answered.append(_failed(collection, data, saved))
        else:
            answered.append({**saved, "StatusAttributeString": "OK"})
    if failed and summarize:
        return json_response(
            {
                "ErrorNumber": 10,
                "Type": "ValidationException",
                "Message": "A validation exception occurred",
                "Elements": [a for a in answered if a["StatusAttributeString"] == "ERROR"],
            },
            400,
        )
    return json_response({"Id": "test-server", "Status": "OK", collection.name: answered})


def _failed(collection: Collection, data: Record, messages: list[str]) -> Record:
    return {
        **data,
        collection.id_field: data.get(collection.id_field) or EMPTY_ID,
        collection.error_flag: True,
        "StatusAttributeString": "ERROR",
        "ValidationErrors": [{"Message": message} for message in messages],
    }


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status, headers, mimetype="application/json")
