"""Admin > Accounting: connect Xero or QuickBooks Online; the callback page finishes a Connect."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app import routes
from billing_app.components.accounting_mappings import accounting_mappings
from billing_app.components.admin_tabs import admin_tabs
from billing_app.components.app_credentials import app_credentials
from billing_app.components.forms import hint
from billing_app.components.layout import layout, page_header
from billing_app.domain.accounting import Provider
from billing_app.state.admin_accounting import AdminAccountingState

S = AdminAccountingState
BADGE = {"connected": "green", "expired": "amber", "revoked": "red", "disconnected": "gray"}


def status_badge(card: rx.Var[dict[str, Any]]) -> rx.Component:
    return rx.badge(
        card["status_text"],
        color_scheme=rx.match(card["status"], *BADGE.items(), "gray"),
        size="2",
    )


def tenant_picker(card: rx.Var[dict[str, Any]]) -> rx.Component:
    return rx.cond(
        card["choices"].length() > 0,
        rx.vstack(
            hint("Your sign-in covers several organisations; pick the one invoices go to."),
            rx.hstack(
                rx.foreach(
                    card["choices"],
                    lambda choice: rx.button(
                        choice["name"],
                        variant="soft",
                        on_click=S.choose(card["provider"], choice["id"]),
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
        ),
    )


def actions(card: rx.Var[dict[str, Any]]) -> rx.Component:
    provider = card["provider"]
    loading = S.busy == provider
    return rx.hstack(
        rx.cond(
            card["connected"],
            rx.button("Disconnect", variant="outline", color_scheme="red", loading=loading,
                      on_click=S.disconnect(provider)),
            rx.button(rx.cond(card["lapsed"], "Reconnect", "Connect"), loading=loading,
                      disabled=~card["app"]["ready"], on_click=S.connect(provider)),
        ),
        spacing="2",
    )  # fmt: skip


def provider_card(provider: str) -> rx.Component:
    """Not in a foreach: the app credentials form there would have no id to submit with."""
    card = S.cards[provider]
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(card["label"], size="4"),
                status_badge(card),
                rx.spacer(),
                actions(card),
                align="center",
                width="100%",
            ),
            rx.cond(
                card["last_error"] != "",
                rx.text(card["last_error"], size="2", color=rx.color("red", 11)),
            ),
            rx.cond(
                card["payments_synced"] != "",
                rx.text(
                    card["payments_synced"],
                    size="2",
                    color_scheme="gray",
                    data_testid="payments-synced",
                ),
            ),
            rx.cond(
                ~card["app"]["ready"],
                rx.text(
                    "Connect needs the client ID and secret of your app: enter them under "
                    "App credentials below.",
                    size="2",
                    color_scheme="amber",
                ),
            ),
            tenant_picker(card),
            app_credentials(provider, card),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
        data_testid=provider,
    )


def admin_accounting() -> rx.Component:
    return layout(
        routes.ADMIN_ACCOUNTING,
        page_header("Admin", "Where invoices are exported: Xero or QuickBooks Online."),
        admin_tabs(routes.ADMIN_ACCOUNTING),
        rx.cond(
            S.loaded,
            rx.vstack(
                *[rx.cond(S.cards.contains(p.value), provider_card(p.value)) for p in Provider],
                spacing="4",
                width="100%",
            ),
            rx.spinner(),
        ),
        accounting_mappings(),
    )


def accounting_callback() -> rx.Component:
    return layout(
        routes.ADMIN_ACCOUNTING,
        rx.hstack(rx.spinner(), rx.text("Finishing the connection…"), spacing="3"),
    )
