"""The QuickBooks query language of the test server, on a company without HTTP."""

from __future__ import annotations

import pytest

from tests.integrations.qbo_query import run_query
from tests.integrations.qbo_records import Fault
from tests.integrations.qbo_store import Company


@pytest.fixture
def company() -> Company:
    company = Company("1")
    for name, balance in (("Acme", 10), ("Bar", 250), ("Cielo", 0)):
        mail = {"Address": f"{name.lower()}@x.test"}
        record = {"DisplayName": name, "Balance": balance, "Active": True, "PrimaryEmailAddr": mail}
        company.seed("Customer", record)
    return company


def names(result: dict[str, object]) -> list[str]:
    return [c["DisplayName"] for c in result.get("Customer", [])]  # type: ignore[attr-defined]


def test_numbers_compare_as_numbers_and_strings_case_insensitively(company: Company) -> None:
    over_nine = run_query(company, "select * from Customer where Balance > '9'")
    assert names(over_nine) == ["Acme", "Bar"]
    cielo = run_query(company, "SELECT * FROM customer WHERE DisplayName = 'cielo'")
    assert names(cielo) == ["Cielo"]


def test_like_in_order_and_paging(company: Company) -> None:
    assert names(run_query(company, "select * from Customer where DisplayName like '%a%'")) == [
        "Acme", "Bar"]  # fmt: skip
    query = "select * from Customer where DisplayName in ('Acme', 'Cielo') order by Balance desc"
    assert names(run_query(company, query)) == ["Acme", "Cielo"]
    query = "select * from Customer ORDERBY DisplayName STARTPOSITION 3 MAXRESULTS 5"
    page = run_query(company, query)
    assert names(page) == ["Cielo"] and page["startPosition"] == 3 and page["maxResults"] == 1
    assert run_query(company, "select * from Customer STARTPOSITION 4") == {}
    count = run_query(company, "select count(*) from Customer where Active = true")
    assert count == {"totalCount": 3}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("select * from Customer where DisplayName = 'A' or DisplayName = 'B'", "4000"),
        ("select * from Vendor", "4001"),
        ("select * from Customer where", "4000"),
        ("select * from Customer where DisplayName 'A'", "4000"),
        ("delete from Customer", "4000"),
    ],
)
def test_what_qbo_refuses_is_a_query_fault(company: Company, query: str, code: str) -> None:
    with pytest.raises(Fault) as refused:
        run_query(company, query)
    assert refused.value.code == code
