"""An admin's own invoice template (Jinja2 HTML and CSS), rendered in a sandbox.

The sandbox refuses Python internals (`''.__class__`, anything starting with `_`), cannot
change what it is given, and caps ranges, powers and repetitions that would hang a worker.
StrictUndefined makes a misspelt name fail the check instead of printing nothing.
Every failure comes back as a TemplateProblem: which part, which line, what is wrong.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import FunctionLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

HTML_NAME, CSS_NAME = "custom.html", "custom.css"
PARTS = {HTML_NAME: "html", CSS_NAME: "css"}
MAX_POWER_BITS = 4096  # integer powers beyond this take seconds to compute, then to print
MAX_REPEAT = 100_000  # characters or items of a repeated string or list


@dataclass(frozen=True)
class TemplateProblem:
    part: str  # "html" or "css"
    line: int | None
    message: str

    @property
    def place(self) -> str:
        return f"{self.part.upper()} line {self.line}" if self.line else self.part.upper()

    @property
    def sentence(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


class TemplateFailed(Exception):
    def __init__(self, problem: TemplateProblem) -> None:
        super().__init__(problem.sentence)
        self.problem = problem


def _huge_power(base: Any, exponent: Any) -> bool:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return False
    return abs(base).bit_length() * exponent > MAX_POWER_BITS


def _huge_repeat(left: Any, right: Any) -> bool:
    for items, count in ((left, right), (right, left)):
        if isinstance(items, str | list | tuple) and isinstance(count, int):
            return max(len(items), 1) * count > MAX_REPEAT
    return False


class InvoiceSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _huge_power(left, right):
            raise SecurityError("this power is too large for a template.")
        if operator == "*" and _huge_repeat(left, right):
            raise SecurityError(f"repeating text or lists beyond {MAX_REPEAT:,} is not allowed.")
        return super().call_binop(context, operator, left, right)


def _environment(html: str, css: str) -> InvoiceSandbox:
    sources = {HTML_NAME: html, CSS_NAME: css}

    def load(name: str) -> tuple[str, str, Any] | None:
        return (sources[name], name, lambda: True) if name in sources else None

    return InvoiceSandbox(
        loader=FunctionLoader(load), autoescape=True, undefined=StrictUndefined, cache_size=0
    )


def _readable(error: Exception) -> str:
    if isinstance(error, SecurityError):
        return f"{error} Templates cannot reach Python internals."
    if isinstance(error, UndefinedError):
        # "'billing_app.documents.invoice_context.Party object' has no ..." -> "'Party' has no ..."
        return re.sub(r"'(?:[\w]+\.)*(\w+) object'", r"'\1'", str(error)) + "."
    if isinstance(error, TemplateNotFound):
        return f"There is no template named '{error.name}'; include only stylesheet (your CSS)."
    if isinstance(error, RecursionError):
        return "The template includes itself without end."
    return f"{type(error).__name__}: {error}"


def _problem(error: Exception) -> TemplateProblem:
    if isinstance(error, TemplateSyntaxError):
        part = PARTS.get(error.name or "", "html")
        return TemplateProblem(part, error.lineno, error.message or "")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in PARTS]
    if not frames:
        return TemplateProblem("html", None, _readable(error))
    return TemplateProblem(PARTS[frames[-1].filename], frames[-1].lineno, _readable(error))


def render_custom(html: str, css: str, context: Mapping[str, object]) -> str:
    """The HTML of the admin's template; its CSS is the template named by `stylesheet`."""
    try:
        return _environment(html, css).get_template(HTML_NAME).render(**context)
    except Exception as error:  # an admin's template may fail in any way: say where and why
        raise TemplateFailed(_problem(error)) from error


def check_custom(
    html: str, css: str, contexts: Iterable[Mapping[str, object]]
) -> TemplateProblem | None:
    """The first problem of a template: its syntax (both parts), then rendering each context."""
    environment = _environment(html, css)
    for name in (HTML_NAME, CSS_NAME):
        try:
            environment.get_template(name)
        except TemplateSyntaxError as error:
            return _problem(error)
    for context in contexts:
        try:
            render_custom(html, css, context)
        except TemplateFailed as failed:
            return failed.problem
    return None
