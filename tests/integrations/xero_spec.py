"""Xero's official OpenAPI specs, loaded once, checking the test server's traffic.

The specs live outside the repository (never copied in): `$XERO_SPEC_DIR`, else
`<repo root>/../shared/specs/xero`, else `/work/shared/specs/xero`. Requests and responses are
presented to openapi-core as if they went to https://api.xero.com, the spec's server.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import ValidationError as JsonSchemaError
from openapi_core import OpenAPI
from openapi_core.configurations import Config
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS30Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

REPO_ROOT = Path(__file__).resolve().parents[2]
ACCOUNTING = "xero_accounting.yaml"
IDENTITY = "xero-identity.yaml"
XERO_HOST = "https://api.xero.com"
ACCOUNTING_PREFIX = "/api.xro/2.0"


def spec_dir() -> Path | None:
    candidates = [
        Path(os.environ.get("XERO_SPEC_DIR") or REPO_ROOT.parent / "shared/specs/xero"),
        Path("/work/shared/specs/xero"),
    ]
    return next((path for path in candidates if (path / ACCOUNTING).is_file()), None)


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
    return loaded


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
        config = Config(spec_validator_cls=None)  # the spec has string defaults on booleans
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
        return _problems(result.errors, writing=True)

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
        where = [
            f"{'/'.join(map(str, d.absolute_path)) or '(body)'}: {d.message[:200]}" for d in details
        ]
        problems.append("; ".join([f"{type(error).__name__}: {str(error)[:200]}", *where]))
    return problems
