"""Admin > Invoice design: design, accent colour, footer, logo and a custom template on the
left; on the right, the latest invoice as it will print, updated while the admin types."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.components.admin_tabs import admin_tabs
from billing_app.components.feedback import error_callout
from billing_app.components.forms import field_error, form_field, hint
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import loading_or
from billing_app.state.admin_design import DESIGN_CHOICES, AdminDesignState

S = AdminDesignState
LOGO_UPLOAD = "invoice_logo"
LOGO_TYPES = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/svg+xml": [".svg"]}
PAGE_WIDTH, PAGE_HEIGHT, SCALE = 840, 1188, 0.6  # the preview's iframe: an A4 sheet, shrunk
CODE = {"font_family": "var(--code-font-family, monospace)", "font_size": "12px"}
# Radix puts `style` on the text area's wrapper: reach the <textarea> itself
UNWRAPPED = {"& textarea": {"white_space": "pre", "overflow_wrap": "normal", "overflow_x": "auto"}}
VARIABLES = (
    "Variables: title, draft, number, issued, due, contract, company (name, address, vat_id), "
    "customer, contact, groups (heading, lines), tax_by_rate, totals, paid, balance, payments, "
    "bank, notes, terms_days, accent, accent_text, accent_tint, logo, footer_text. "
    "{% include stylesheet %} puts your CSS in. Python internals are out of reach."
)


def card(title: str, note: str, *children: rx.Component, **props: Any) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.vstack(rx.heading(title, size="4"), hint(note), spacing="1"),
            *children,
            spacing="4",
            width="100%",
        ),
        size="3",
        width="100%",
        **props,
    )


def error_of(name: str) -> rx.Var[str]:
    return S.field_errors.get(name, "")


def design_card() -> rx.Component:
    choices = [
        rx.radio_cards.item(
            rx.vstack(rx.text(choice["label"], weight="bold", size="2"), hint(choice["blurb"]),
                      spacing="1", align="start", width="100%"),
            value=choice["key"],
            aria_label=choice["label"],
            align_items="start",
        )
        for choice in DESIGN_CHOICES
    ]  # fmt: skip
    return card(
        "Design",
        "A built-in design, or your own template.",
        rx.radio_cards.root(*choices, value=S.design, on_value_change=S.set_design,
                            columns="3", gap="3", size="1", width="100%"),
        field_error(error_of("design")),
    )  # fmt: skip


def accent_field() -> rx.Component:
    picker = rx.debounce_input(
        rx.el.input(type="color", value=S.swatch, on_change=S.set_accent_color,
                    aria_label="Pick the accent colour",
                    style={"width": "40px", "height": "32px", "padding": "0", "border": "none",
                           "background": "none", "cursor": "pointer"}),
        debounce_timeout=250,
    )  # fmt: skip
    text = rx.input(value=S.accent_color, on_change=S.set_accent_color, max_length=7,
                    width="120px", style=CODE)  # fmt: skip
    return form_field(
        "Accent colour",
        rx.hstack(text, picker, align="center", spacing="3"),
        error_of("accent_color"),
    )


def look_card() -> rx.Component:
    return card(
        "Colour and footer",
        "The accent colours headings, rules and totals; the footer closes every page.",
        accent_field(),
        rx.vstack(
            form_field(
                "Footer text",
                rx.text_area(value=S.footer_text, on_change=S.set_footer_text, rows="4",
                             width="100%", placeholder="Payment by bank transfer within 30 "
                             "days.\nLate payments accrue statutory interest."),
                error_of("footer_text"),
            ),
            hint("Legal notes and payment instructions, up to 8 lines."),
            spacing="1", width="100%",
        ),
    )  # fmt: skip


def logo_card() -> rx.Component:
    upload = rx.upload(
        rx.button(rx.icon("upload", size=16), "Upload logo", variant="soft", loading=S.uploading),
        id=LOGO_UPLOAD, accept=LOGO_TYPES, multiple=False, max_files=1, on_drop=S.upload_logo,
        border="none", padding="0",
    )  # fmt: skip
    current = rx.cond(
        S.logo != "",
        rx.hstack(
            rx.icon("image", size=16, color=rx.color("gray", 10)),
            rx.text(S.logo, size="2", data_testid="logo-label"),
            rx.button("Remove logo", variant="ghost", color_scheme="red", size="1",
                      on_click=S.drop_logo),
            align="center", spacing="2",
        ),
        rx.text("No logo yet: invoices show the company name alone.", size="2",
                color=rx.color("gray", 11)),
    )  # fmt: skip
    return card(
        "Logo",
        "In the company block of every invoice; a new one applies at once. PNG, JPEG or SVG, "
        "up to 1 MB and 4000 pixels a side.",
        current,
        upload,
        field_error(S.logo_error),
    )


def code_area(label: str, value: rx.Var[str], on_change: Any, rows: str) -> rx.Component:
    return form_field(
        label,
        rx.text_area(value=value, on_change=on_change, rows=rows, width="100%",
                     spell_check=False, style=CODE | UNWRAPPED),
        error_of("custom_html" if "HTML" in label else "custom_css"),
    )  # fmt: skip


def custom_card() -> rx.Component:
    return card(
        "Custom template",
        "Checked before it is saved: an error names its line, and the template in use stays.",
        rx.hstack(
            rx.text("Start again from", size="2"),
            rx.button("Classic", size="1", variant="soft", on_click=S.start_from("classic")),
            rx.button("Modern", size="1", variant="soft", on_click=S.start_from("modern")),
            align="center",
            spacing="2",
        ),
        code_area("Template HTML", S.custom_html, S.set_custom_html, "18"),
        code_area("Template CSS", S.custom_css, S.set_custom_css, "10"),
        hint(VARIABLES),
    )


def save_bar() -> rx.Component:
    return rx.vstack(
        field_error(error_of("form")),
        rx.hstack(
            rx.cond(S.dirty, rx.badge("Unsaved changes", color_scheme="amber", size="2")),
            rx.button("Save design", size="3", on_click=S.save, loading=S.saving),
            justify="end", align="center", spacing="3", width="100%",
        ),
        width="100%",
    )  # fmt: skip


def preview_frame() -> rx.Component:
    frame = rx.el.iframe(
        src_doc=S.preview_html, sandbox="", title="Invoice preview",
        width=f"{PAGE_WIDTH}px", height=f"{PAGE_HEIGHT}px",
        style={"border": "0", "transform": f"scale({SCALE})", "transform_origin": "0 0"},
    )  # fmt: skip
    return rx.box(
        frame,
        width=f"{PAGE_WIDTH * SCALE:.0f}px",
        height=f"{PAGE_HEIGHT * SCALE:.0f}px",
        overflow="hidden",
        border_radius="8px",
        border=f"1px solid {rx.color('gray', 5)}",
        background="#e5e7eb",
    )


def preview_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Preview", size="4"),
                rx.cond(S.previewing, rx.spinner(size="2")),
                rx.spacer(),
                rx.cond(S.dirty, hint("Not saved yet")),
                align="center", width="100%",
            ),
            hint(S.preview_source),
            rx.cond(S.preview_stale, rx.callout(
                "The design has an error (see the fields on the left): the preview shows the "
                "last version that worked.", icon="triangle-alert", color_scheme="amber",
                size="1", data_testid="preview-stale")),
            rx.cond(S.preview_html != "", preview_frame(),
                    rx.skeleton(rx.box(width=f"{PAGE_WIDTH * SCALE:.0f}px",
                                       height=f"{PAGE_HEIGHT * SCALE:.0f}px"), loading=True)),
            spacing="3",
        ),
        size="2",
        position="sticky",
        top="24px",
    )  # fmt: skip


def design_form() -> rx.Component:
    return rx.grid(
        rx.vstack(
            design_card(),
            look_card(),
            logo_card(),
            rx.cond(S.design == "custom", custom_card()),
            save_bar(),
            spacing="5",
            width="100%",
        ),
        preview_card(),
        columns=f"minmax(0, 1fr) {PAGE_WIDTH * SCALE + 34:.0f}px",
        gap="24px",
        align_items="start",
        width="100%",
    )


def admin_design() -> rx.Component:
    return layout(
        routes.ADMIN_DESIGN,
        page_header("Admin", "How your invoices look: design, colour, footer and logo."),
        admin_tabs(routes.ADMIN_DESIGN),
        error_callout(S.error),
        loading_or(S.loading, design_form()),
    )
