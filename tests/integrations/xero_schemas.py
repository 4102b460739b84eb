"""Validate JSON bodies against the official Xero Accounting OpenAPI spec, made strict.

The spec's schemas allow any extra property, so a misspelt field ("UnitAmmount") would pass;
here every object schema gets additionalProperties: false, so only fields Xero defines do.
Spec directory: XERO_SPEC_DIR, else <repo>/../shared/specs/xero (xero_spec.spec_dir); without
it the test is skipped, and fails under CI=true.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator

from tests.conftest import require_or_skip
from tests.integrations.xero_spec import ACCOUNTING, missing_spec_reason, spec_dir


def spec_path() -> Path | None:
    directory = spec_dir()
    return directory / ACCOUNTING if directory else None


def _strict(node: Any) -> Any:
    if isinstance(node, dict):
        strict = {key: _strict(value) for key, value in node.items()}
        if "properties" in strict and "additionalProperties" not in strict:
            strict["additionalProperties"] = False
        return strict
    if isinstance(node, list):
        return [_strict(value) for value in node]
    return node


@cache
def _components() -> dict[str, Any]:
    path = spec_path()
    assert path is not None
    with path.open() as file:
        spec = yaml.load(file, Loader=yaml.CSafeLoader)
    return {"schemas": _strict(spec["components"]["schemas"])}


def xero_errors(schema: str, body: dict[str, Any]) -> list[str]:
    """Every way `body` breaks the spec's `schema` (e.g. "Invoices"); empty when valid."""
    if spec_path() is None:
        require_or_skip(missing_spec_reason())
    validator = OAS30Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": _components()}
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(body)
    ]
