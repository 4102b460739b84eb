"""What an e-mail template may say: the placeholders, each with its meaning on hover."""

import reflex as rx

from billing_app.documents.email import PLACEHOLDERS


def placeholder_hint() -> rx.Component:
    return rx.hstack(
        rx.text("Placeholders:", size="1", color=rx.color("gray", 10)),
        *[rx.tooltip(rx.code(f"{{{name}}}", size="1"), content=meaning)
          for name, meaning in PLACEHOLDERS.items()],
        spacing="2", wrap="wrap", align="center",
    )  # fmt: skip
