from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import NUMERIC
from billing_app.state.home import HomeState, Stat, UnbilledRow


def stat_card(stat: Stat) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(stat["label"], size="2", weight="medium", color=rx.color("gray", 11)),
                    rx.spacer(),
                    rx.icon(stat["icon"], size=18, color=rx.color("accent", 10)),
                    width="100%",
                ),
                rx.text(
                    stat["value"],
                    size="8",
                    weight="bold",
                    style={"font_variant_numeric": "tabular-nums"},
                    data_testid="stat-value",
                ),
                rx.text(stat["hint"], size="1", color=rx.color("gray", 10)),
                spacing="2",
            ),
            size="3",
            width="100%",
            height="100%",
            _hover={"box_shadow": f"0 0 0 1px {rx.color('accent', 7)}"},
        ),
        href=stat["href"],
        underline="none",
        color="inherit",
        display="block",
        height="100%",
        data_testid=stat["label"],
    )


def loading_cards() -> rx.Component:
    return rx.grid(
        *[rx.skeleton(rx.card(height="132px"), loading=True) for _ in range(4)],
        columns="4",
        spacing="4",
        width="100%",
    )


def unbilled_row(row: UnbilledRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["customer"]),
        rx.table.cell(row["hours"], style=NUMERIC),
        rx.table.cell(row["expenses"], style=NUMERIC),
    )


def unbilled_table() -> rx.Component:
    return rx.card(
        rx.heading("Waiting to be billed", size="4", margin_bottom="4px"),
        rx.text(
            "Billable time and expenses that no invoice holds yet, per customer.",
            size="2",
            color=rx.color("gray", 11),
            margin_bottom="16px",
        ),
        rx.cond(
            HomeState.unbilled.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Customer"),
                        rx.table.column_header_cell("Hours", style=NUMERIC),
                        rx.table.column_header_cell("Expenses", style=NUMERIC),
                    )
                ),
                rx.table.body(rx.foreach(HomeState.unbilled, unbilled_row)),
                variant="surface",
                width="100%",
                data_testid="unbilled-table",
            ),
            rx.text("Nothing is waiting to be billed.", color=rx.color("gray", 10)),
        ),
        size="3",
        width="100%",
        margin_top="24px",
    )


def home() -> rx.Component:
    return layout(
        routes.HOME,
        page_header("Overview", HomeState.account_name),
        rx.cond(
            HomeState.error != "",
            rx.callout(HomeState.error, icon="triangle-alert", color_scheme="red", role="alert"),
            rx.cond(
                HomeState.loading,
                loading_cards(),
                rx.fragment(
                    rx.grid(
                        rx.foreach(HomeState.stats, stat_card),
                        columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                        spacing="4",
                        width="100%",
                    ),
                    rx.cond(HomeState.billing_visible, unbilled_table()),
                ),
            ),
        ),
    )
