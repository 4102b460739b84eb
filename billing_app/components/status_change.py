"""The status select and the "Issue this invoice?" confirmation, for a state with the
StatusChange mixin."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.forms import named_select
from billing_app.state.status_change import STATUS_LABELS


def status_select(state: Any, invoice_id: rx.Var[int], current: rx.Var[str],
                  size: str = "1") -> rx.Component:  # fmt: skip
    return named_select(
        STATUS_LABELS, "Status", value=current, size=size,
        on_change=lambda target: state.request_status(invoice_id, current, target),
    )  # fmt: skip


def confirm_issue(state: Any) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Issue this invoice?"),
            rx.alert_dialog.description(
                "Leaving Draft gives the invoice its number and freezes its lines and amounts. "
                "Corrections afterwards need a credit note.",
                size="2",
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button("Keep as Draft", variant="soft", color_scheme="gray",
                              on_click=state.cancel_issue)
                ),
                rx.alert_dialog.action(
                    rx.button(rx.cond(state.pending_status == "Issued", "Issue",
                                      "Issue as " + state.pending_status),
                              on_click=state.confirm_issue)
                ),
                spacing="3", justify="end", margin_top="16px",
            ),
        ),
        open=state.pending_id != 0,
    )  # fmt: skip
