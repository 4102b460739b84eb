"""One page of a list, counted and cut in SQL: every list page shows 50 rows and "page x of y"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlmodel import Session, func, select

PAGE_SIZE = 50
T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    total: int
    page: int  # from 0, clamped to the pages there are
    pages: int


def fetch_page(session: Session, query: Any, page: int) -> tuple[Sequence[Any], Paging]:
    """`query` is an ordered select; a page past the end shows the last one."""
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    rows = session.exec(query.offset(page * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return rows, Paging(total, page, pages)


@dataclass(frozen=True)
class ListPage(Generic[T]):
    rows: list[T]
    total: int
    page: int
    pages: int


def list_page(rows: list[T], paging: Paging) -> ListPage[T]:
    return ListPage(rows, paging.total, paging.page, paging.pages)
