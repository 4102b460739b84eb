"""Sections whose pages arrive in later work: an honest empty state, not a fake page."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from billing_app.components.layout import layout, page_header


def coming_soon(route: str, title: str, icon: str, promise: str) -> Callable[[], rx.Component]:
    def page() -> rx.Component:
        return layout(
            route,
            page_header(title),
            rx.center(
                rx.vstack(
                    rx.center(
                        rx.icon(icon, size=28, color=rx.color("accent", 10)),
                        background=rx.color("accent", 3),
                        border_radius="50%",
                        width="64px",
                        height="64px",
                    ),
                    rx.heading("Coming soon", size="5"),
                    rx.text(
                        promise, color=rx.color("gray", 11), text_align="center", max_width="420px"
                    ),
                    align="center",
                    spacing="3",
                ),
                padding="64px 24px",
                border=f"1px dashed {rx.color('gray', 6)}",
                border_radius="12px",
                width="100%",
            ),
        )

    page.__name__ = f"{title.lower().replace(' ', '_').replace('&', 'and')}_page"
    return page
