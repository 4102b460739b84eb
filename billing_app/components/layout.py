"""The app shell: a sidebar with the sections, and the page's content beside it."""

from __future__ import annotations

import reflex as rx

from billing_app.routes import SECTIONS, Section
from billing_app.state.base import AppState


def nav_item(section: Section, active: bool) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon(section.icon, size=18),
            rx.text(section.label, size="2", weight="medium"),
            align="center",
            spacing="3",
            padding_x="12px",
            padding_y="8px",
            border_radius="8px",
            width="100%",
            background=rx.cond(active, rx.color("accent", 4), "transparent"),
            color=rx.cond(active, rx.color("accent", 12), rx.color("gray", 11)),
            _hover={"background": rx.color("accent", 3), "color": rx.color("accent", 12)},
        ),
        href=section.route,
        underline="none",
        width="100%",
        aria_current="page" if active else None,
    )


def signed_in_user() -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback=AppState.user_name.to(str)[:1], size="2", radius="full"),
        rx.vstack(
            rx.text(AppState.user_name, size="2", weight="medium", data_testid="user-name"),
            rx.text(AppState.user_role, size="1", color=rx.color("gray", 10)),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.icon_button(
            rx.icon("log-out", size=16),
            variant="ghost",
            color_scheme="gray",
            on_click=AppState.sign_out,
            aria_label="Sign out",
            title="Sign out",
        ),
        align="center",
        spacing="2",
        padding="12px",
        border_top=f"1px solid {rx.color('gray', 5)}",
        width="100%",
    )


def brand_mark() -> rx.Component:
    return rx.center(
        rx.icon("receipt-text", size=20, color="white"),
        background=rx.color("accent", 9),
        border_radius="8px",
        width="34px",
        height="34px",
    )


def sidebar(active_route: str) -> rx.Component:
    return rx.el.nav(
        rx.vstack(
            rx.hstack(
                brand_mark(),
                rx.vstack(
                    rx.text("MSP Billing", weight="bold", size="3"),
                    rx.text("Work to invoice", size="1", color=rx.color("gray", 10)),
                    spacing="0",
                ),
                align="center",
                spacing="3",
                padding="8px 12px 20px 12px",
            ),
            *[
                rx.cond(
                    AppState.visible_routes.contains(section.route),
                    nav_item(section, section.holds(active_route)),
                )
                for section in SECTIONS
            ],
            rx.spacer(),
            signed_in_user(),
            spacing="1",
            height="100%",
        ),
        aria_label="Main",
        width="240px",
        min_width="240px",
        height="100vh",
        position="sticky",
        top="0",
        padding="20px 12px",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
    )


def layout(active_route: str, *content: rx.Component) -> rx.Component:
    return rx.hstack(
        sidebar(active_route),
        rx.el.main(
            *content,
            flex="1",
            padding="32px 40px",
            max_width="1200px",
            width="100%",
        ),
        spacing="0",
        align="start",
        min_height="100vh",
        width="100%",
    )


def page_header(
    title: str | rx.Var[str],
    subtitle: rx.Var[str] | str | None = None,
    action: rx.Component | None = None,
) -> rx.Component:
    """The page's title, what it is for, and its main action (a button) on the right."""
    heading = rx.vstack(
        rx.heading(title, size="7", weight="bold"),
        rx.text(subtitle, color=rx.color("gray", 11), size="3")
        if subtitle is not None
        else rx.fragment(),
        spacing="1",
    )
    return rx.hstack(
        heading,
        rx.spacer(),
        action or rx.fragment(),
        align="start",
        width="100%",
        margin_bottom="28px",
    )
