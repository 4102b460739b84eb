"""Builds the app: pages and routes only. Everything else lives in its own layer."""

import reflex as rx

from billing_app import routes
from billing_app.pages.coming_soon import coming_soon
from billing_app.pages.home import home
from billing_app.state.home import HomeState

COMING_SOON = (
    (routes.BILLING, "Billing", "receipt",
     "Invoice batches and invoices, with live status editing, land here next."),
    (routes.CUSTOMERS, "Customers", "building-2",
     "Search, create and edit the organisations you bill."),
    (routes.CONTRACTS, "Contracts", "file-text",
     "Retainer, hourly, block, per-unit and project contracts with their terms."),
    (routes.TICKETS, "Tickets", "ticket",
     "Support tickets with their status and the batch that billed them."),
    (routes.TIME_AND_EXPENSES, "Time & Expenses", "clock",
     "Time entries and expenses, with CSV import."),
    (routes.PRODUCTS, "Products", "package", "The product catalogue used on invoices."),
    (routes.ADMIN, "Admin", "settings",
     "Company profile, region and currency, numbering, taxes, e-mail and accounting."),
)  # fmt: skip

app = rx.App()
app.add_page(home, route=routes.HOME, title="Overview · MSP Billing", on_load=HomeState.load)
for route, title, icon, promise in COMING_SOON:
    app.add_page(
        coming_soon(route, title, icon, promise), route=route, title=f"{title} · MSP Billing"
    )
