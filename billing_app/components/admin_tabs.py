import reflex as rx

from billing_app import routes

TABS = (
    ("Users", routes.ADMIN_USERS),
    ("Settings", routes.ADMIN_SETTINGS),
    ("Tax rates", routes.ADMIN_TAX_RATES),
    ("Invoice design", routes.ADMIN_DESIGN),
    ("E-mail", routes.ADMIN_EMAIL),
    ("Accounting", routes.ADMIN_ACCOUNTING),
)


def admin_tabs(active: str) -> rx.Component:
    return rx.hstack(
        *[
            rx.link(
                label,
                href=route,
                underline="none",
                weight="medium",
                size="2",
                padding="6px 12px",
                border_radius="6px",
                color=rx.color("accent", 12) if route == active else rx.color("gray", 11),
                background=rx.color("accent", 4) if route == active else "transparent",
            )
            for label, route in TABS
        ],
        spacing="2",
        margin_bottom="20px",
    )
