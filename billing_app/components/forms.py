"""Form fields with their label and their own error message, the same on every page."""

import reflex as rx


def field_error(message: rx.Var[str] | str) -> rx.Component:
    return rx.cond(message != "", rx.text(message, color=rx.color("red", 11), size="1"))


def form_field(label: str, control: rx.Component, error: rx.Var[str] | str = "") -> rx.Component:
    """The label wraps the control, so screen readers and tests find it by its label."""
    return rx.el.label(
        rx.vstack(
            rx.text(label, size="2", weight="medium"),
            control,
            field_error(error),
            spacing="1",
            width="100%",
        ),
        width="100%",
    )
