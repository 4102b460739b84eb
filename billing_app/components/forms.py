"""Form fields with their label and their own error message, the same on every page."""

from typing import Any

import reflex as rx


def hint(text: Any) -> rx.Component:
    """A short grey note under a field or a heading."""
    return rx.text(text, size="1", color=rx.color("gray", 10))


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


def named_select(
    items: list[str] | rx.Var[list[str]],
    label: str,
    **props: object,
) -> rx.Component:
    """A select whose trigger carries `label` as its accessible name (rx.select drops it)."""
    options = (
        rx.foreach(items, lambda item: rx.select.item(item, value=item))
        if isinstance(items, rx.Var)
        else rx.fragment(*[rx.select.item(item, value=item) for item in items])
    )
    size = props.pop("size", "2")
    placeholder = props.pop("placeholder", None)
    width = props.pop("width", None)
    return rx.select.root(
        rx.select.trigger(aria_label=label, placeholder=placeholder, width=width),
        rx.select.content(options),
        size=size,
        **props,
    )


def bound_input(
    label: str,
    name: str,
    form: rx.Var[dict[str, str]],
    errors: rx.Var[dict[str, str]],
    hint: str = "",
    **props: object,
) -> rx.Component:
    """A text input filled from the state's `form`, with its hint and its error."""
    return form_field(
        label,
        rx.vstack(
            rx.input(name=name, default_value=form.get(name, ""), width="100%", **props),
            rx.text(hint, size="1", color=rx.color("gray", 10)) if hint else rx.fragment(),
            spacing="1",
            width="100%",
        ),
        errors.get(name, ""),
    )
