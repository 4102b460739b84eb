"""Builds the app: pages and routes only. Everything else lives in its own layer."""

import reflex as rx

from billing_app import routes
from billing_app.pages.admin_accounting import accounting_callback, admin_accounting
from billing_app.pages.admin_design import admin_design
from billing_app.pages.admin_email import admin_email
from billing_app.pages.admin_settings import admin_settings
from billing_app.pages.audit import audit
from billing_app.pages.batch import batch
from billing_app.pages.billing import billing
from billing_app.pages.contracts import contracts
from billing_app.pages.customers import customers
from billing_app.pages.home import home
from billing_app.pages.invoice import invoice
from billing_app.pages.login import login
from billing_app.pages.new_batch import new_batch
from billing_app.pages.new_invoice import new_invoice
from billing_app.pages.products import products
from billing_app.pages.tax_rates import tax_rates
from billing_app.pages.tickets import tickets
from billing_app.pages.time_and_expenses import time_and_expenses
from billing_app.pages.users import users
from billing_app.schedule import payment_sync_loop
from billing_app.state.admin_accounting import AccountingCallbackState, AdminAccountingState
from billing_app.state.admin_design import AdminDesignState
from billing_app.state.admin_email import AdminEmailState
from billing_app.state.admin_settings import AdminSettingsState
from billing_app.state.audit import AuditState
from billing_app.state.base import AppState
from billing_app.state.batch import BatchState
from billing_app.state.billing import BillingState
from billing_app.state.contracts import ContractsState
from billing_app.state.customers import CustomersState
from billing_app.state.expenses import ExpensesState
from billing_app.state.home import HomeState
from billing_app.state.invoice import InvoiceState
from billing_app.state.login import LoginState
from billing_app.state.new_batch import NewBatchState
from billing_app.state.new_invoice import NewInvoiceState
from billing_app.state.products import ProductsState
from billing_app.state.tax_rates import TaxRatesState
from billing_app.state.tickets import TicketsState
from billing_app.state.time_entries import TimeEntriesState
from billing_app.state.users import UsersState


def title(name: str) -> str:
    return f"{name} · MSP Billing"


PAGES = (  # page, route, title, what it loads after the sign-in check (one or a list)
    (home, routes.HOME, "Overview", HomeState.load),
    (billing, routes.BILLING, "Billing", BillingState.load),
    (new_batch, routes.NEW_BATCH, "New batch", NewBatchState.open),
    (batch, routes.BATCH, "Batch", BatchState.load),
    (invoice, routes.INVOICE, "Invoice", InvoiceState.load),
    (new_invoice, routes.NEW_INVOICE, "New invoice", NewInvoiceState.open),
    (tickets, routes.TICKETS, "Tickets", TicketsState.open_list),
    (
        time_and_expenses,
        routes.TIME_AND_EXPENSES,
        "Time & Expenses",
        [TimeEntriesState.open_list, ExpensesState.open_list],
    ),
    (products, routes.PRODUCTS, "Products", ProductsState.load),
    (
        customers,
        routes.CUSTOMERS,
        "Customers",
        CustomersState.open_list,
    ),
    (
        contracts,
        routes.CONTRACTS,
        "Contracts",
        ContractsState.open_list,
    ),
    (users, routes.ADMIN_USERS, "Users", UsersState.load),
    (admin_settings, routes.ADMIN_SETTINGS, "Settings", AdminSettingsState.load),
    (tax_rates, routes.ADMIN_TAX_RATES, "Tax rates", TaxRatesState.load),
    (admin_design, routes.ADMIN_DESIGN, "Invoice design", AdminDesignState.load),
    (admin_email, routes.ADMIN_EMAIL, "E-mail", AdminEmailState.load),
    (admin_accounting, routes.ADMIN_ACCOUNTING, "Accounting", AdminAccountingState.load),
    (
        accounting_callback,
        routes.ADMIN_ACCOUNTING_CALLBACK,
        "Accounting",
        AccountingCallbackState.finish,
    ),
    (audit, routes.AUDIT, "Audit", AuditState.load),
)

app = rx.App()
app.register_lifespan_task(payment_sync_loop)
app.add_page(login, route=routes.LOGIN, title=title("Sign in"), on_load=LoginState.open)
for page, route, name, load in PAGES:
    loads = load if isinstance(load, list) else [load]
    app.add_page(page, route=route, title=title(name), on_load=[AppState.check_access, *loads])
