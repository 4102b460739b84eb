"""The Batch page's Download PDFs button, with its progress or its error right under it."""

from __future__ import annotations

import reflex as rx

from billing_app.state.batch import BatchState
from billing_app.state.batch_pdfs import BatchPdfsState


def progress() -> rx.Component:
    done, total = BatchPdfsState.done, BatchPdfsState.total
    return rx.vstack(
        rx.text(
            rx.cond(total > 0, f"Rendering {done} of {total}…", "Starting…"),
            size="1",
            color=rx.color("gray", 11),
            role="status",
        ),
        rx.progress(value=done, max=rx.cond(total > 0, total, 1), size="1"),
        align="end",
        spacing="1",
        width="100%",  # the button's
        data_testid="pdf-progress",
    )


def download_pdfs() -> rx.Component:
    return rx.vstack(
        rx.button(
            rx.cond(
                BatchPdfsState.rendering, rx.spinner(size="1"), rx.icon("file-archive", size=16)
            ),
            "Download PDFs",
            variant="soft",
            disabled=BatchPdfsState.rendering | BatchState.loading,
            on_click=BatchPdfsState.download,
        ),
        rx.cond(BatchPdfsState.rendering, progress()),
        rx.cond(
            BatchPdfsState.error != "",
            rx.callout(
                BatchPdfsState.error,
                icon="triangle-alert",
                color_scheme="red",
                size="1",
                role="alert",
                max_width="360px",
            ),
        ),
        align="end",
        spacing="2",
        on_mount=BatchPdfsState.forget,
    )
