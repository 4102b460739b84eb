import pytest

from billing_app.domain.file_names import safe_file_name, unique_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("October 2026", "October-2026"),
        ("INV/2026/0007", "INV-2026-0007"),
        ("..\\..\\etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("Ottobre – 2026 (è)", "Ottobre-2026-è"),
        ("///", "file"),
    ],
)
def test_a_file_name_keeps_letters_digits_dots_and_dashes_only(text, expected):
    assert safe_file_name(text) == expected


def test_repeated_names_are_numbered_and_the_first_keeps_its_name():
    names = ["invoice-7.pdf", "invoice-7.pdf", "invoice-7-2.pdf", "invoice-7.pdf", "notes"]
    assert unique_names([*names, "notes"]) == [
        "invoice-7.pdf", "invoice-7-2.pdf", "invoice-7-2-2.pdf", "invoice-7-3.pdf", "notes",
        "notes-2",
    ]  # fmt: skip
