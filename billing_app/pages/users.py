from __future__ import annotations

import reflex as rx

from billing_app import routes
from billing_app.components.admin_tabs import admin_tabs
from billing_app.components.feedback import error_callout
from billing_app.components.forms import field_error, form_field, named_select
from billing_app.components.layout import layout, page_header
from billing_app.components.tables import loading_or
from billing_app.state.users import ROLE_CHOICES, UsersState, UserView


def labelled(label: str, control: rx.Component, error_key: str) -> rx.Component:
    return form_field(label, control, UsersState.field_errors.get(error_key, ""))


def create_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(rx.icon("user-plus", size=16), "New user", on_click=UsersState.open_dialog)
        ),
        rx.dialog.content(
            rx.dialog.title("New user"),
            rx.dialog.description(
                "They sign in with this e-mail and password; give them the password yourself.",
                size="2",
                margin_bottom="16px",
            ),
            rx.form(
                rx.vstack(
                    labelled("Name", rx.input(name="name", width="100%"), "name"),
                    labelled("E-mail", rx.input(name="email", type="email", width="100%"), "email"),
                    labelled(
                        "Role",
                        rx.select(
                            ROLE_CHOICES, name="role", default_value="Read-only", width="100%"
                        ),
                        "role",
                    ),
                    labelled(
                        "Password (at least 10 characters)",
                        rx.input(name="password", type="password", width="100%"),
                        "password",
                    ),
                    field_error(UsersState.field_errors.get("form", "")),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                        rx.button("Create user", type="submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=UsersState.create,
                reset_on_submit=False,
            ),
        ),
        open=UsersState.dialog_open,
        on_open_change=UsersState.set_dialog_open,
    )


def password_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("New password for ", UsersState.shown_password_for),
            rx.alert_dialog.description(
                "Shown only now. Give it to the user; their open sessions have ended.", size="2"
            ),
            rx.code(
                UsersState.shown_password, size="5", margin_y="16px", data_testid="new-password"
            ),
            rx.flex(
                rx.alert_dialog.action(rx.button("Done", on_click=UsersState.close_password)),
                justify="end",
            ),
        ),
        open=UsersState.shown_password != "",
    )


def user_row(user: UserView) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.vstack(
                rx.text(user["name"], weight="medium"),
                rx.text(user["email"], size="1", color=rx.color("gray", 10)),
                spacing="0",
            )
        ),
        rx.table.cell(
            named_select(
                ROLE_CHOICES,
                "Role",
                value=user["role"],
                on_change=lambda label: UsersState.set_role(user["id"], label),
                size="1",
            )
        ),
        rx.table.cell(
            rx.cond(
                user["active"],
                rx.badge("Active", color_scheme="green"),
                rx.badge("Deactivated", color_scheme="gray"),
            )
        ),
        rx.table.cell(user["last_login"], white_space="nowrap"),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    "Reset password",
                    size="1",
                    variant="soft",
                    on_click=UsersState.new_password(user["id"], user["name"]),
                ),
                rx.cond(
                    user["active"],
                    rx.button(
                        "Deactivate",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=UsersState.set_user_active(user["id"], False),
                    ),
                    rx.button(
                        "Reactivate",
                        size="1",
                        variant="soft",
                        color_scheme="green",
                        on_click=UsersState.set_user_active(user["id"], True),
                    ),
                ),
                justify="end",
            )
        ),
    )


def users_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell("User"),
                rx.table.column_header_cell("Role"),
                rx.table.column_header_cell("Status"),
                rx.table.column_header_cell("Last sign-in"),
                rx.table.column_header_cell(""),
            )
        ),
        rx.table.body(rx.foreach(UsersState.users, user_row)),
        variant="surface",
        width="100%",
        data_testid="users-table",
    )


def users() -> rx.Component:
    return layout(
        routes.ADMIN_USERS,
        page_header(
            "Admin",
            "Who can sign in, and what each of them may do.",
            action=create_dialog(),
        ),
        admin_tabs(routes.ADMIN_USERS),
        error_callout(UsersState.error),
        loading_or(
            UsersState.loading,
            users_table(),
        ),
        password_dialog(),
    )
