import pytest

from billing_app.documents.custom_templates import (
    TemplateFailed,
    TemplateProblem,
    check_custom,
    render_custom,
)
from tests.documents.samples import context

CSS = "body { color: {{ accent }}; }"
WITH_CSS = {"stylesheet": "custom.css", "accent": "#123456"}


HEAD = "<html><head><style>{% include stylesheet %}</style></head>"


def page(body: str) -> str:
    """The body starts on line 3."""
    return f"{HEAD}\n<body>\n{body}\n</body></html>"


def problem(html: str, css: str = CSS) -> TemplateProblem:
    found = check_custom(html, css, [context() | WITH_CSS])
    assert found is not None
    return found


def test_a_custom_template_renders_the_invoice_with_its_css():
    html = render_custom(page("<h1>{{ customer.name }}</h1><p>{{ balance }}</p>"), CSS,
                         context() | WITH_CSS)  # fmt: skip
    assert "<h1>Sample Customer S.p.A.</h1>" in html
    assert "body { color: #123456; }" in html
    assert check_custom(page("{{ number }}"), CSS, [context() | WITH_CSS]) is None


def test_a_syntax_error_in_the_html_names_its_line():
    found = problem(page("<p>ok</p>\n{% for line in groups %}\n<p>{{ line.heading }</p>"))
    assert (found.part, found.line) == ("html", 5)
    assert found.sentence.startswith("Line 5: unexpected '}'")


def test_a_syntax_error_in_the_css_names_its_line_in_the_css():
    found = problem(page("x"), css="body {}\nh1 { color: {{ accent }\n")
    assert (found.part, found.line) == ("css", 2)


def test_an_unclosed_block_is_reported():
    found = problem(page("{% if draft %}<p>draft</p>"))
    assert found.part == "html"
    assert "endif" in found.message


def test_a_misspelt_attribute_fails_with_its_line_instead_of_printing_nothing():
    found = problem(page("<p>{{ customer.name }}</p>\n<p>{{ customer.nmae }}</p>"))
    assert (found.part, found.line) == ("html", 4)
    assert found.message == "'Party' has no attribute 'nmae'."


def test_an_undefined_variable_fails_with_its_line():
    found = problem(page("{{ invoice_total }}"))
    assert (found.line, found.message) == (3, "'invoice_total' is undefined.")


def test_a_runtime_error_in_the_included_css_names_the_css_line():
    found = problem(page("x"), css="body {}\n\nh1 { width: {{ 1 / 0 }}px }")
    assert (found.part, found.line) == ("css", 3)
    assert found.message.startswith("ZeroDivisionError")


def test_a_branch_that_only_fails_on_a_draft_is_caught_by_checking_every_context():
    html = page("{% if draft %}{{ nothing.here }}{% endif %}")
    assert check_custom(html, CSS, [context() | WITH_CSS]) is None
    found = check_custom(html, CSS, [context() | WITH_CSS, context(draft=True) | WITH_CSS])
    assert found is not None and found.line == 3


@pytest.mark.parametrize("expression", [
    "''.__class__.__mro__", "''.__class__", "company.__class__.__init__.__globals__",
    "cycler.__init__.__globals__", "groups.__len__", "balance.__class__.__base__",
])  # fmt: skip
def test_python_internals_are_out_of_reach_with_a_clear_message(expression):
    found = problem(page("{{ " + expression + " }}"))
    assert found.line == 3
    assert "is unsafe" in found.message
    assert "Templates cannot reach Python internals." in found.message


def test_the_template_cannot_change_what_it_is_given():
    found = problem(page("{{ groups.append(1) }}"))
    assert "unsafe" in found.message


@pytest.mark.parametrize(("expression", "why"), [
    ("2 ** 10000000", "power is too large"),
    ("(10 ** 100) ** 100", "power is too large"),
    ("'x' * 100000000", "repeating text or lists"),
    ("[1, 2] * 60000", "repeating text or lists"),
    ("range(10000000) | list | length", "Range too big"),
])  # fmt: skip
def test_expressions_that_would_hang_the_worker_are_refused(expression, why):
    found = problem(page("{{ " + expression + " }}"))
    assert why in found.message
    assert found.line == 3


def test_only_the_stylesheet_can_be_included():
    found = problem(page('{% include "invoice/classic.html" %}'))
    assert "no template named 'invoice/classic.html'" in found.message


def test_a_template_that_includes_itself_is_stopped():
    found = problem(page('{% include "custom.html" %}'))
    assert "includes itself" in found.message


def test_values_are_escaped_in_a_custom_template():
    hostile = {"customer": {"name": "<script>x</script>"}}
    html = render_custom(page("<p>{{ customer.name }}</p>"), CSS, context() | WITH_CSS | hostile)
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html


def test_render_raises_template_failed_with_the_problem():
    with pytest.raises(TemplateFailed) as failed:
        render_custom(page("{{ missing }}"), CSS, context() | WITH_CSS)
    assert failed.value.problem.place == "HTML line 3"
