import pytest

from billing_app.domain.csv_table import MAX_ROWS, read_table
from billing_app.domain.errors import BillingError

REQUIRED, OPTIONAL = ["customer", "amount"], ["notes"]


def read(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return read_table(data, REQUIRED, OPTIONAL).rows


def test_rows_are_named_by_the_header_whatever_its_case_and_separator():
    rows = read("Customer;Amount\r\nAcme;12,50\r\n\r\nBeta;3\r\n")
    assert [(r.number, r.cells) for r in rows] == [
        (2, {"customer": "Acme", "amount": "12,50"}),
        (4, {"customer": "Beta", "amount": "3"}),
    ]


def test_a_utf8_file_with_a_byte_order_mark_is_read():
    rows = read('\ufeffcustomer,amount,notes\nCafé Rossi,1,"with, comma"\n'.encode())
    assert rows[0].cells == {"customer": "Café Rossi", "amount": "1", "notes": "with, comma"}


def test_the_header_is_normalised():
    table = read_table(b" Customer , AMOUNT\nAcme,1\n", REQUIRED, OPTIONAL)
    assert table.columns == ["customer", "amount"]


def test_a_row_with_more_cells_than_the_header_is_marked():
    assert read("customer,amount\nAcme,1,surprise\n")[0].extra_cells


@pytest.mark.parametrize(
    ("data", "code", "says"),
    [
        (b"", "csv_empty", "The file is empty"),
        (b"  \n ", "csv_empty", "The file is empty"),
        (b"customer,amount\n", "csv_no_rows", "no rows to import"),
        (b"customer,amount,colour\nA,1,red\n", "csv_unknown_column", "'colour'"),
        (b"customer\nAcme\n", "csv_missing_column", "'amount' is missing"),
        (b"customer,amount,amount\nA,1,2\n", "csv_duplicate_column", "appears twice"),
        ("customer,amount\nCafé,1\n".encode("latin-1"), "csv_not_utf8", "CSV UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_says_why_in_one_sentence(data, code, says):
    with pytest.raises(BillingError) as error:
        read(data)
    assert error.value.code == code
    assert says in error.value.message


def test_too_many_rows_are_refused_with_the_limit():
    with pytest.raises(BillingError) as error:
        read("customer,amount\n" + "Acme,1\n" * (MAX_ROWS + 1))
    assert error.value.message.startswith("The file has more than 5,000 rows; split it")
    assert len(read("customer,amount\n" + "Acme,1\n" * MAX_ROWS)) == MAX_ROWS
