from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.feedback import error_callout
from billing_app.components.forms import named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import loading_or, paged_table
from billing_app.state.audit import AuditState, AuditView


def filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="invoice", placeholder="Invoice number or id", width="200px"),
            named_select(
                AuditState.actors,
                "User",
                value=AuditState.actor_filter,
                on_change=AuditState.choose_actor,
            ),
            named_select(
                AuditState.actions,
                "Kind",
                value=AuditState.action_filter,
                on_change=AuditState.choose_action,
            ),
            rx.text("From", size="2"),
            rx.input(name="since", type="date", aria_label="From"),
            rx.text("to", size="2"),
            rx.input(name="until", type="date", aria_label="To"),
            rx.button("Filter", type="submit", variant="soft"),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        on_submit=AuditState.apply,
        reset_on_submit=False,
        margin_bottom="16px",
    )


def audit_row(row: AuditView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["at"], white_space="nowrap"),
        rx.table.cell(row["actor"]),
        rx.table.cell(row["action"]),
        rx.table.cell(row["subject"]),
        rx.table.cell(row["change"]),
        rx.table.cell(rx.badge(row["via"], variant="soft", color_scheme="gray")),
    )


def audit_table() -> rx.Component:
    columns = ("When", "Who", "What", "On", "Change", "How")
    return paged_table(AuditState, columns, audit_row, test_id="audit-table", one="event",
                       many="events", empty="No events match these filters.")  # fmt: skip


def audit() -> rx.Component:
    return layout(
        routes.AUDIT,
        page_header("Audit", "Every change of money, status and access: who, when, what and how."),
        filters(),
        error_callout(AuditState.error),
        loading_or(
            AuditState.loading,
            audit_table(),
        ),
    )
