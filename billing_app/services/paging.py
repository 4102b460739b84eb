"""One page of a list, counted and cut in SQL: every list page shows 50 rows at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, func, select

PAGE_SIZE = 50
Row = TypeVar("Row")


@dataclass(frozen=True)
class PageSlice:
    results: list[Any]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class ListPage(Generic[Row]):
    rows: list[Row]
    total: int
    page: int
    pages: int


def page_bounds(session: Session, query: Any, page: int) -> tuple[int, int, int]:
    """How many rows `query` finds, the page asked clamped to the pages there are, and how
    many pages: a page past the end shows the last one."""
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, -(-total // PAGE_SIZE))
    return total, min(max(page, 0), pages - 1), pages


def one_page(session: Session, query: Any, page: int) -> PageSlice:
    """`query` already ordered."""
    total, page, pages = page_bounds(session, query, page)
    results = session.exec(query.offset(page * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return PageSlice(list(results), total, page, pages)


def search_clause(search: str, *columns: Any, numbers: Sequence[Any] = ()) -> Any:
    """Rows where any of `columns` contains the text, or one of whose `numbers` is it ("#12"
    or "12"); None when the search is empty."""
    text = search.strip().lower()
    if not text:
        return None
    clauses: list[Any] = [sa.func.lower(column).like(f"%{text}%") for column in columns]
    clauses += [sa.cast(number, sa.String) == text.lstrip("#") for number in numbers]
    return sa.or_(*clauses)


def list_page(rows: list[Row], cut: PageSlice) -> ListPage[Row]:
    return ListPage(rows, cut.total, cut.page, cut.pages)
