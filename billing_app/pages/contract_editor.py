"""The contract dialog: common terms, then only the chosen type's own terms."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.components.forms import field_error, form_field, named_select
from billing_app.components.tax_rate_select import tax_rate_select
from billing_app.state.contract_views import CHOICE_LISTS, UnitLineView
from billing_app.state.contracts import ContractsState

S = ContractsState


def error_of(name: str | rx.Var[str]) -> rx.Var[str]:
    return S.field_errors.get(name, "").to(str)


def field(label: str, name: str, **props: object) -> rx.Component:
    return form_field(
        label,
        rx.input(name=name, default_value=S.form.get(name, ""), width="100%", **props),
        error_of(name),
    )


def choice(label: str, name: str, items: list[str] | rx.Var[list[str]]) -> rx.Component:
    return form_field(
        label,
        named_select(items, label, value=S.choices.get(name, ""), width="100%",
                     placeholder="Choose…", on_change=lambda value: S.choose(name, value)),
        error_of(name),
    )  # fmt: skip


def tax_field() -> rx.Component:
    return form_field(
        "Tax rate",
        tax_rate_select(S.tax_choices, "Tax rate", name="tax_rate",
                        default_value=S.form.get("tax_rate", "")),
        error_of("tax_rate"),
    )  # fmt: skip


def row(*children: rx.Component, columns: int = 3) -> rx.Component:
    """Fields on a grid, so the dialog's rows line up."""
    return rx.grid(*children, columns=str(columns), spacing="3", width="100%", align_items="start")


def checkbox(label: str, checked: rx.Var[bool], on_change: Any) -> rx.Component:
    """Level with the inputs beside it, whose labels sit above them."""
    return rx.box(rx.checkbox(label, checked=checked, on_change=on_change),
                  padding_top="30px", flex_shrink="0", white_space="nowrap")  # fmt: skip


def section(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.text(title, size="2", weight="bold", color=rx.color("gray", 11)),
        *children,
        spacing="2",
        width="100%",
        padding_top="8px",
        border_top=f"1px solid {rx.color('gray', 5)}",
    )


def unit_line(line: UnitLineView, index: rx.Var[int]) -> rx.Component:
    def cell(field: str, label: str, width: str) -> rx.Component:
        return rx.vstack(
            rx.input(name=f"line_{field}_{line['key']}", default_value=line[field],
                     aria_label=label, placeholder=label, width="100%"),
            field_error(error_of(f"unit_{index}_{field}")),
            spacing="1", width=width,
        )  # fmt: skip

    return rx.hstack(
        cell("name", "Unit name", "45%"),
        cell("unit_price", "Unit price", "25%"),
        cell("quantity", "Quantity now", "20%"),
        rx.icon_button(rx.icon("trash-2", size=14), type="button", variant="ghost",
                       color_scheme="red", aria_label="Remove unit line", title="Remove",
                       on_click=S.remove_unit_line(line["key"])),
        key=line["key"], width="100%", spacing="2", align="start", data_testid="unit-line",
    )  # fmt: skip


def unit_line_head() -> rx.Component:
    return rx.hstack(
        *[rx.text(label, size="2", weight="medium", width=width)
          for label, width in (("Unit", "45%"), ("Price of one", "25%"), ("Quantity now", "20%"))],
        width="100%", spacing="2",
    )  # fmt: skip


def per_unit_terms() -> rx.Component:
    return section(
        "Unit lines (billed as price × the quantity counted in each period)",
        rx.cond(S.unit_lines.length() > 0, unit_line_head()),
        rx.foreach(S.unit_lines, unit_line),
        rx.cond(S.unit_lines.length() == 0,
                rx.text("No unit lines yet.", size="2", color=rx.color("gray", 10))),
        field_error(error_of("unit_lines")),
        rx.button(rx.icon("plus", size=14), "Add unit line", type="button", variant="soft",
                  size="1", on_click=S.add_unit_line),
    )  # fmt: skip


def block_hours_terms() -> rx.Component:
    return section(
        "Block of hours",
        row(field("Hours in a block", "block_hours"), field("Price of a block", "block_price"),
            field("Overage rate per hour", "overage_rate")),
        row(checkbox("Unused hours roll over", S.rollover, S.set_rollover),
            rx.cond(S.rollover, field("Rollover cap, hours (empty: none)", "rollover_cap_hours"))),
    )  # fmt: skip


def project_terms() -> rx.Component:
    return section(
        "Project",
        row(choice("Project billing", "project_billing", CHOICE_LISTS["project_billing"]),
            rx.cond(S.choices.get("project_billing", "") == "Fixed price",
                    field("Fixed price", "fee"),
                    rx.text("Billed by the hourly rate above.", size="2", padding_top="28px",
                            color=rx.color("gray", 11), width="100%"))),
    )  # fmt: skip


def type_terms() -> rx.Component:
    return rx.match(
        S.kind,
        ("retainer", section("Retainer", row(field("Fee per period", "fee")))),
        ("block_hours", block_hours_terms()),
        ("block_money", section("Prepaid money", row(
            field("Prepaid amount (drawn down at the hourly rate)", "block_amount"), columns=2))),
        ("per_unit", per_unit_terms()),
        ("project", project_terms()),
        rx.fragment(),
    )  # fmt: skip


def common_terms() -> rx.Component:
    return rx.fragment(
        row(choice("Customer", "customer", S.customers), field("Name", "name"), columns=2),
        row(choice("Type", "type", CHOICE_LISTS["type"]),
            field("Start date", "start_date", type="date"),
            field("End date (empty: open-ended)", "end_date", type="date")),
        row(choice("Frequency", "frequency", CHOICE_LISTS["frequency"]),
            choice("Timing", "timing", CHOICE_LISTS["timing"]),
            rx.hstack(checkbox("Taxable", S.taxable, S.set_taxable), tax_field(), spacing="3")),
        section("Time",
                row(field("Hourly rate", "hourly_rate"),
                    field("Round to, minutes", "rounding_increment_minutes"),
                    choice("Rounding", "rounding_mode", CHOICE_LISTS["rounding_mode"])),
                row(field("Minimum, minutes", "minimum_minutes"),
                    choice("Rounding applies to", "rounding_scope",
                           CHOICE_LISTS["rounding_scope"]))),
    )  # fmt: skip


def contract_editor() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing == 0, "New contract", "Edit contract")),
            rx.form(
                rx.vstack(
                    common_terms(),
                    type_terms(),
                    field_error(error_of("form")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                  type="button")),
                        rx.button("Save contract", type="submit"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=S.save, reset_on_submit=False, key=S.editing,
            ),
            max_width="760px",
        ),
        open=S.editing >= 0,
        on_open_change=S.close_editor,
    )  # fmt: skip
