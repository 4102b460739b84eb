"""Xero's official OpenAPI specs, loaded once, checking the test server's traffic.

The specs live outside the repository (never copied in): `$XERO_SPEC_DIR`, else
`<repo root>/../shared/specs/xero`; without them the tests that need them are skipped (they
fail under CI=true). Requests and responses are presented to openapi-core as if they went to
https://api.xero.com, the spec's server.

A request is checked whole: its path parameters, its query parameters (only those the
operation declares, each in the spec's own spelling: a boolean is `true` or `false`, an integer
is digits, an enum one of its values) and the headers the operation declares (`xero-tenant-id`
required, `Idempotency-Key` at most 128 characters), then its body. openapi-core alone reads
booleans and integers the way Python would ("False", "yes", "1", " 4", "4_0" all pass), which
is how `summarizeErrors=False` went unnoticed: the casters below read them as Xero does.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import ValidationError as JsonSchemaError
from openapi_core import OpenAPI
from openapi_core.casting.schemas import oas30_casters_dict
from openapi_core.casting.schemas.casters import (
    AnyCaster,
    BooleanCaster,
    IntegerCaster,
    NumberCaster,
    TypesCaster,
)
from openapi_core.casting.schemas.factories import SchemaCastersFactory
from openapi_core.configurations import Config
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_core.validation.request.exceptions import ParameterValidationError
from openapi_core.validation.schemas import oas30_write_schema_validators_factory
from openapi_schema_validator import OAS30Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

REPO_ROOT = Path(__file__).resolve().parents[2]
ACCOUNTING = "xero_accounting.yaml"
IDENTITY = "xero-identity.yaml"
XERO_HOST = "https://api.xero.com"
ACCOUNTING_PREFIX = "/api.xro/2.0"


IDEMPOTENCY_KEY_MAX = 128  # the spec says so in the parameter's description only


def spec_location() -> Path:
    """Where the specs are expected: `$XERO_SPEC_DIR`, else `<repo>/../shared/specs/xero`."""
    return Path(os.environ.get("XERO_SPEC_DIR") or REPO_ROOT.parent / "shared/specs/xero")


def spec_dir() -> Path | None:
    """The spec directory, or None when the Accounting spec is not there."""
    directory = spec_location()
    return directory if (directory / ACCOUNTING).is_file() else None


def missing_spec_reason() -> str:
    return (
        f"Xero's OpenAPI spec is absent ({spec_location() / ACCOUNTING}): "
        "set XERO_SPEC_DIR or check out ../shared next to the repository"
    )


class XeroBoolean(BooleanCaster):
    """`true` or `false`, as the spec writes them; openapi-core would take False, yes, 1…"""

    def validate(self, value: Any) -> None:
        if not isinstance(value, bool) and value not in ("true", "false"):
            raise ValueError(f"{value!r} is not a boolean: Xero's spec takes true or false")


class XeroInteger(IntegerCaster):
    """Digits; openapi-core would take whatever int() takes (" 4", "+4", "4_0")."""

    def validate(self, value: Any) -> None:
        if isinstance(value, str) and not re.fullmatch(r"-?[0-9]+", value):
            raise ValueError(f"{value!r} is not an integer")


class XeroNumber(NumberCaster):
    """A decimal number; openapi-core would take whatever float() takes ("nan", "1e3", " 2")."""

    def validate(self, value: Any) -> None:
        if isinstance(value, str) and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
            raise ValueError(f"{value!r} is not a number")


STRICT_CASTERS = SchemaCastersFactory(
    oas30_write_schema_validators_factory,
    TypesCaster(
        {**oas30_casters_dict, "boolean": XeroBoolean, "integer": XeroInteger,
         "number": XeroNumber},
        AnyCaster,
    ),
)  # fmt: skip


@dataclass
class SpecRequest:
    """openapi-core's Request protocol for one request received by the test server."""

    method: str
    path: str
    query: ImmutableMultiDict[str, str]
    headers: Headers
    body: bytes | None
    content_type: str
    host_url: str = XERO_HOST
    parameters: RequestParameters = field(init=False)

    def __post_init__(self) -> None:
        self.parameters = RequestParameters(query=self.query, header=self.headers)


@dataclass
class SpecResponse:
    status_code: int
    headers: Headers
    data: bytes | None
    content_type: str


def _load_yaml(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as stream:
        loaded: dict[str, Any] = yaml.load(stream, Loader=loader)
    _fix_boolean_defaults(loaded)
    _limit_idempotency_keys(loaded)
    return loaded


def _limit_idempotency_keys(spec: dict[str, Any]) -> None:
    """The Idempotency-Key's "128 character max." is in its description, not in its schema."""
    parameter = spec.get("components", {}).get("parameters", {}).get("idempotencyKey")
    if parameter:
        parameter["schema"]["maxLength"] = IDEMPOTENCY_KEY_MAX


def _fix_boolean_defaults(node: Any) -> None:
    """The spec writes boolean defaults as strings ("false"); openapi-core fills missing fields
    with them and then finds a string where a boolean belongs. Read them as the booleans meant."""
    if isinstance(node, dict):
        if node.get("type") == "boolean" and node.get("default") in ("true", "false"):
            node["default"] = node["default"] == "true"
        for value in node.values():
            _fix_boolean_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _fix_boolean_defaults(value)


@dataclass
class XeroSpecs:
    """The Accounting and Identity specs; `check` returns what the spec finds wrong (or [])."""

    accounting: OpenAPI
    identity: OpenAPI
    access_token: OAS30Validator
    load_seconds: float

    @classmethod
    def load(cls, directory: Path) -> XeroSpecs:
        started = time.perf_counter()
        config = Config(
            spec_validator_cls=None,  # the spec has string defaults on booleans
            schema_casters_factory=STRICT_CASTERS,  # parameters read as Xero reads them
        )
        accounting = OpenAPI.from_dict(_load_yaml(directory / ACCOUNTING), config=config)
        identity_dict = _load_yaml(directory / IDENTITY)
        identity = OpenAPI.from_dict(identity_dict, config=config)
        access_token = OAS30Validator(identity_dict["components"]["schemas"]["AccessToken"])
        return cls(accounting, identity, access_token, time.perf_counter() - started)

    def _api_for(self, path: str) -> OpenAPI | None:
        if path.startswith(ACCOUNTING_PREFIX + "/"):
            return self.accounting
        if path.lower() == "/connections":
            return self.identity
        return None

    def check_request(self, request: SpecRequest) -> list[str]:
        api = self._api_for(request.path)
        if api is None:
            return []
        result = api.unmarshal_request(_as_spec_path(request))
        return _problems(result.errors, writing=True) + _undeclared_query(api, request)

    def check_response(self, request: SpecRequest, response: SpecResponse) -> list[str]:
        if request.path == "/identity/connect/token" and response.status_code == 200:
            return _token_errors(self.access_token, response)
        api = self._api_for(request.path)
        if api is None:
            return []
        result = api.unmarshal_response(_as_spec_path(request), response)
        return _problems(result.errors, writing=False)


def _as_spec_path(request: SpecRequest) -> SpecRequest:
    """The SDK calls /Connections; Xero (and the spec) spell it so, curl users often don't."""
    if request.path.lower() == "/connections":
        request.path = "/Connections"
    return request


def _undeclared_query(api: OpenAPI, request: SpecRequest) -> list[str]:
    """Query parameters the operation does not declare: Xero ignores them, so a misspelt one
    ("summarizeerrors", "unitDP") would otherwise go unchecked and unheeded."""
    try:
        found = APICallPathFinder(api.spec).find(request.method, XERO_HOST + request.path)
    except OpenAPIError:
        return []  # an unknown path or method: unmarshal_request reports it
    declared = {
        (parameter / "name").read_str()
        for where in (found.path, found.operation)
        if "parameters" in where
        for parameter in where / "parameters"
        if (parameter / "in").read_str() == "query"
    }
    return [
        f"UndeclaredQueryParameter: {name!r} is not a query parameter of this operation "
        f"(it takes {', '.join(sorted(declared)) or 'none'})"
        for name in dict.fromkeys(request.query)
        if name not in declared
    ]


def _causes(error: BaseException) -> list[str]:
    """What lies under a parameter error: the value that could not be read, and why."""
    found = []
    cause = error.__cause__
    while cause is not None:
        if not getattr(cause, "schema_errors", None):
            found.append(f"{type(cause).__name__}: {str(cause)[:200]}")
        cause = cause.__cause__
    return found


def _token_errors(validator: OAS30Validator, response: SpecResponse) -> list[str]:
    body = json.loads(response.data or b"null")
    return [f"token response: {error.message}" for error in validator.iter_errors(body)]


def _schema_errors(error: BaseException) -> list[JsonSchemaError]:
    found: list[JsonSchemaError] = []
    while error is not None:
        found += [e for e in getattr(error, "schema_errors", []) if isinstance(e, JsonSchemaError)]
        error = error.__cause__  # type: ignore[assignment]
    return found


def _problems(errors: Iterable[BaseException], writing: bool) -> list[str]:
    """One line per problem. The official SDK sends readOnly fields at their defaults (e.g.
    HasAttachments=false) and Xero ignores them, so readOnly is not a fault in a request."""
    problems = []
    for error in errors:
        details = _schema_errors(error)
        if writing and details:
            details = [d for d in details if d.validator != "readOnly"]
            if not details:
                continue
        whole = "(value)" if isinstance(error, ParameterValidationError) else "(body)"
        where = [
            f"{'/'.join(map(str, d.absolute_path)) or whole}: {d.message[:200]}" for d in details
        ]
        causes = [] if details else _causes(error)
        head = f"{type(error).__name__}: {str(error)[:200]}"
        problems.append("; ".join([head, *causes, *where]))
    return problems
