"""QuickBooks' query language, as much as python-quickbooks sends and an exporter needs.

`SELECT * | COUNT(*) | fields FROM Entity [WHERE cond AND cond ...] [ORDER BY f [ASC|DESC]]
[STARTPOSITION n] [MAXRESULTS n]` with conditions `=, <, >, <=, >=, !=, IN (...), LIKE '%x%'`
on dotted fields (a Ref compares its value, PrimaryEmailAddr its address). Strings compare
case-insensitively, as QBO does. OR is refused, as QBO does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from tests.integrations.qbo_records import ENTITIES, Fault, Record, lookup
from tests.integrations.qbo_store import Company

MAX_RESULTS = 1000
DEFAULT_RESULTS = 100
TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<num>-?\d+(?:\.\d+)?)(?![\w.])|(?P<op><=|>=|!=|<>|=|<|>)"
    r"|(?P<punct>[(),*])|(?P<word>[A-Za-z_][\w.]*))"
)


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    values: tuple[Any, ...]

    def matches(self, record: Record) -> bool:
        actual = lookup(record, self.field)
        if actual is None:
            return False
        if self.op == "in":
            return any(_compare(actual, v) == 0 for v in self.values)
        if self.op == "like":
            pattern = re.escape(str(self.values[0]).lower()).replace("%", ".*")
            return re.fullmatch(pattern, str(actual).lower()) is not None
        order = _compare(actual, self.values[0])
        return {
            "=": order == 0,
            "!=": order != 0,
            "<>": order != 0,
            "<": order < 0,
            ">": order > 0,
            "<=": order <= 0,
            ">=": order >= 0,
        }[self.op]


@dataclass
class Query:
    entity: str
    count: bool = False
    conditions: list[Condition] = field(default_factory=list)
    order_by: str = ""
    descending: bool = False
    start: int = 1
    max_results: int = DEFAULT_RESULTS


def _compare(actual: Any, expected: Any) -> int:
    try:
        left, right = Decimal(str(actual)), Decimal(str(expected))
    except InvalidOperation:
        left, right = str(actual).lower(), str(expected).lower()  # type: ignore[assignment]
    return (left > right) - (left < right)


def parse_error(detail: str) -> Fault:
    return Fault("4000", "Error parsing query", f"QueryParserError: {detail}")


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.rstrip().rstrip(";")
    while position < len(text):
        found = TOKEN.match(text, position)
        if found is None or found.end() == position:
            raise parse_error(f'Encountered "{text[position : position + 20]}" at {position}')
        kind = found.lastgroup or ""
        value = found.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        tokens.append((kind, value))
        position = found.end()
    return tokens


class Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.at = 0

    def peek(self) -> str:
        return self.tokens[self.at][1].lower() if self.at < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise parse_error(f"Unexpected end of query, expected {expected or 'more'}")
        token = self.tokens[self.at]
        if expected is not None and token[1].lower() != expected:
            raise parse_error(f'Encountered "{token[1]}", expected "{expected}"')
        self.at += 1
        return token

    def query(self) -> Query:
        self.take("select")
        count = self.peek() == "count"
        while self.peek() != "from":
            self.take()
        self.take("from")
        entity = _entity(self.take()[1])
        result = Query(entity=entity, count=count)
        if self.peek() == "where":
            self.take()
            result.conditions = self.conditions()
        if self.peek() in ("order", "orderby"):
            self.take()
            if self.peek() == "by":
                self.take()
            result.order_by = self.take()[1]
            if self.peek() in ("asc", "desc"):
                result.descending = self.take()[1].lower() == "desc"
        if self.peek() == "startposition":
            self.take()
            result.start = max(1, int(self.take()[1]))
        if self.peek() == "maxresults":
            self.take()
            result.max_results = min(MAX_RESULTS, int(self.take()[1]))
        if self.at < len(self.tokens):
            raise parse_error(f'Encountered "{self.tokens[self.at][1]}"')
        return result

    def conditions(self) -> list[Condition]:
        found = [self.condition()]
        while self.peek() in ("and", "or"):
            if self.take()[1].lower() == "or":
                raise parse_error('Encountered " <OR> "OR"": OR is not supported')
            found.append(self.condition())
        return found

    def condition(self) -> Condition:
        name = self.take()[1]
        kind, op = self.take()
        op = op.lower()
        if op == "in":
            self.take("(")
            values = [self.value()]
            while self.peek() == ",":
                self.take()
                values.append(self.value())
            self.take(")")
            return Condition(name, "in", tuple(values))
        if kind != "op" and op != "like":
            raise parse_error(f'Encountered "{op}" after {name}, expected an operator')
        return Condition(name, op, (self.value(),))

    def value(self) -> Any:
        kind, value = self.take()
        if kind not in ("str", "num", "word"):
            raise parse_error(f'Encountered "{value}", expected a value')
        return value


def _entity(name: str) -> str:
    for entity in ENTITIES:
        if entity.lower() == name.lower():
            return entity
    raise Fault(
        "4001", "Invalid query", f"QueryValidationError: Invalid context declaration : {name}"
    )


def run_query(company: Company, text: str) -> Record:
    """The `QueryResponse` object QBO answers for a query text."""
    query = Parser(text).query()
    rows = [r for r in company.all(query.entity) if all(c.matches(r) for c in query.conditions)]
    if query.count:
        return {"totalCount": len(rows)}
    if query.order_by:
        rows.sort(key=lambda r: _sort_key(lookup(r, query.order_by)), reverse=query.descending)
    page = rows[query.start - 1 : query.start - 1 + query.max_results]
    if not page:
        return {}
    return {query.entity: page, "startPosition": query.start, "maxResults": len(page)}


def _sort_key(value: Any) -> tuple[int, Any]:
    try:
        return (0, Decimal(str(value)))
    except InvalidOperation:
        return (1, str(value).lower())
