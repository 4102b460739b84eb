"""The select every form picks a tax rate with: "IVA 22% (22%)", sending the rate itself."""

from __future__ import annotations

import reflex as rx

from billing_app.state.tax_choices import ChoiceView


def tax_rate_select(
    choices: rx.Var[list[ChoiceView]],
    label: str = "Tax rate",
    *,
    custom: rx.Var[str] | None = None,
    custom_value: rx.Var[str] | None = None,
    **props: object,
) -> rx.Component:
    """`custom`, when not empty, is one more option (a row's own rate no named rate has)."""
    size = props.pop("size", "2")
    width = props.pop("width", "100%")
    variant = props.pop("variant", None)
    extra = (rx.cond(custom != "", rx.select.item(custom, value=custom_value))
             if custom is not None else rx.fragment())  # fmt: skip
    return rx.select.root(
        rx.select.trigger(aria_label=label, width=width, variant=variant),
        rx.select.content(
            rx.foreach(choices, lambda choice: rx.select.item(choice["label"],
                                                              value=choice["value"])),
            extra,
        ),
        size=size,
        **props,
    )  # fmt: skip
