"""The frame of a run over a whole batch (Send all, Export batch): shown only on the batch it
ran for, with its heading, a dismiss button once done, the error, the status and the results."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.feedback import error_callout
from billing_app.state.batch import BatchState


def batch_run_panel(
    state: Any, heading: rx.Component, status: rx.Component, results: rx.Component, test_id: str
) -> rx.Component:
    ran = state.running | (state.summary != "") | (state.error != "")
    return rx.cond(
        (state.batch_id == BatchState.batch["id"]) & ran,
        rx.card(
            rx.vstack(
                rx.hstack(
                    heading,
                    rx.spacer(),
                    rx.cond(~state.running, rx.icon_button(
                        rx.icon("x", size=16), size="1", variant="ghost", color_scheme="gray",
                        aria_label="Dismiss", on_click=state.dismiss)),
                    width="100%", align="center",
                ),
                error_callout(state.error),
                status,
                rx.cond(state.results.length() > 0, results),
                spacing="3", width="100%",
            ),
            width="100%", data_testid=test_id,
        ),
    )  # fmt: skip
