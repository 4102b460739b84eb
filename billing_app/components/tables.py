"""What every list page shows around its table: loading, empty and paging."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import reflex as rx

from billing_app.components.feedback import error_callout

NUMERIC = {"text_align": "right", "font_variant_numeric": "tabular-nums", "white_space": "nowrap"}


def pager(state: Any, one: str, many: str) -> rx.Component:
    """Below a list whose page state has the Paged mixin: "51 invoices · page 1 of 2"."""
    return rx.hstack(
        rx.text(state.total, " ", rx.cond(state.total == 1, one, many), " · page ",
                state.page + 1, " of ", state.pages, size="2", color=rx.color("gray", 11)),
        rx.spacer(),
        rx.button("Previous", variant="soft", size="1", on_click=state.turn_page(-1),
                  disabled=state.page == 0),
        rx.button("Next", variant="soft", size="1", on_click=state.turn_page(1),
                  disabled=state.page + 1 >= state.pages),
        width="100%",
        align="center",
        margin_top="12px",
    )  # fmt: skip


def empty_state(message: str) -> rx.Component:
    return rx.center(
        rx.text(message, color=rx.color("gray", 10)),
        padding="48px",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="12px",
    )


def loading_or(loading: rx.Var[bool], content: rx.Component) -> rx.Component:
    return rx.cond(
        loading, rx.skeleton(rx.box(height="240px", width="100%"), loading=True), content
    )


def search_form(state: Any, placeholder: str, *filters: rx.Component) -> rx.Component:
    """A search box (and any filters) above the list of a state with the Paged mixin."""
    return rx.form(
        rx.hstack(
            rx.input(name="search", placeholder=placeholder, width="280px",
                     default_value=state.search, key=state.search),
            *filters,
            rx.button("Search", type="submit", variant="soft"),
            spacing="2",
        ),
        on_submit=state.apply_search,
        reset_on_submit=False,
        margin_bottom="12px",
    )  # fmt: skip


def lock_badge(billed_in: rx.Var[str], *otherwise: rx.Component) -> rx.Component:
    """Billed rows show the batch that locked them; the others show `otherwise` (or a dash)."""
    return rx.cond(
        billed_in != "",
        rx.badge(rx.icon("lock", size=12), billed_in, color_scheme="amber", variant="soft",
                 title="Billed: delete that batch to change it", data_testid="lock-badge"),
        rx.fragment(*otherwise) if otherwise else rx.text("—", color=rx.color("gray", 9)),
    )  # fmt: skip


def two_lines(first: rx.Var[str], second: rx.Var[str]) -> rx.Component:
    """A cell's main text with a muted detail under it."""
    return rx.vstack(
        rx.text(first), rx.text(second, size="1", color=rx.color("gray", 10)), spacing="0"
    )


def heading(label: str, numeric: bool = False) -> rx.Component:
    """A column heading on one line, right-aligned over numbers."""
    return rx.table.column_header_cell(
        label, style=NUMERIC if numeric else {"white_space": "nowrap"}
    )


def paged_table(state: Any, columns: Sequence[str], row: Callable[[Any], rx.Component], *,
                numeric: Collection[str] = (), test_id: str, one: str, many: str,
                empty: str) -> rx.Component:  # fmt: skip
    """A list page's table of `state.rows` (one page), its pager, or the empty state.
    `numeric` names the columns right-aligned over numbers."""
    return rx.cond(
        state.rows.length() > 0,
        rx.fragment(
            rx.table.root(
                rx.table.header(rx.table.row(*[heading(c, c in numeric) for c in columns])),
                rx.table.body(rx.foreach(state.rows, row)),
                variant="surface", width="100%", data_testid=test_id,
            ),
            pager(state, one, many),
        ),
        empty_state(empty),
    )  # fmt: skip


def new_button(noun: str, on_click: Any, allowed: rx.Var[bool]) -> rx.Component:
    """A list page's "New …" button, shown only to who may create one (the service checks too)."""
    return rx.cond(allowed, rx.button(rx.icon("plus", size=16), f"New {noun}", on_click=on_click))


def list_body(state: Any, table: rx.Component, *dialogs: rx.Component) -> rx.Component:
    """Below a list page's search: its error, the table (or its loading skeleton), its dialogs."""
    return rx.fragment(error_callout(state.error), loading_or(state.loading, table), *dialogs)
