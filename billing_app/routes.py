"""Every route of the app and who may open it, so links, guards and pages never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from billing_app.domain.roles import Permission, Role, can

HOME = "/"
LOGIN = "/login"
BILLING = "/billing"
NEW_BATCH = "/billing/batches/new"
BATCH = "/billing/batches/[batch_id]"
INVOICE = "/billing/invoices/[invoice_id]"
NEW_INVOICE = "/billing/invoices/new"
CUSTOMERS = "/customers"
CONTRACTS = "/contracts"
TICKETS = "/tickets"
TIME_AND_EXPENSES = "/time-and-expenses"
PRODUCTS = "/products"
AUDIT = "/audit"
ADMIN_USERS = "/admin/users"
ADMIN_SETTINGS = "/admin/settings"
ADMIN_TAX_RATES = "/admin/tax-rates"
ADMIN_DESIGN = "/admin/invoice-design"
ADMIN_EMAIL = "/admin/email"
ADMIN_ACCOUNTING = "/admin/accounting"
ADMIN_ACCOUNTING_CALLBACK = "/admin/accounting/callback"  # the OAuth redirect URI


@dataclass(frozen=True)
class Section:
    label: str
    icon: str
    route: str
    permission: Permission | None  # None: anyone signed in
    prefix: str = ""  # the paths it holds, when not only its route's: "/admin" for Admin

    def holds(self, path: str) -> bool:
        return (path + "/").startswith((self.prefix or self.route) + "/")


SECTIONS = (
    Section("Home", "layout-dashboard", HOME, None),
    Section("Billing", "receipt", BILLING, Permission.VIEW_BILLING),
    Section("Customers", "building-2", CUSTOMERS, Permission.VIEW_BILLING),
    Section("Contracts", "file-text", CONTRACTS, Permission.VIEW_BILLING),
    Section("Tickets", "ticket", TICKETS, Permission.VIEW_WORK),
    Section("Time & Expenses", "clock", TIME_AND_EXPENSES, Permission.VIEW_WORK),
    Section("Products", "package", PRODUCTS, Permission.VIEW_BILLING),
    Section("Audit", "history", AUDIT, Permission.VIEW_AUDIT),
    Section("Admin", "settings", ADMIN_USERS, Permission.MANAGE_USERS, "/admin"),
)
ADMIN_PAGES = {
    ADMIN_USERS: Permission.MANAGE_USERS,
    ADMIN_SETTINGS: Permission.MANAGE_SETTINGS,
    ADMIN_TAX_RATES: Permission.MANAGE_SETTINGS,
    ADMIN_DESIGN: Permission.MANAGE_SETTINGS,
    ADMIN_EMAIL: Permission.MANAGE_SETTINGS,
    ADMIN_ACCOUNTING: Permission.MANAGE_SETTINGS,
    ADMIN_ACCOUNTING_CALLBACK: Permission.MANAGE_SETTINGS,
}


def visible_routes(role: Role) -> list[str]:
    return [s.route for s in SECTIONS if s.permission is None or can(role, s.permission)]


def batch_route(batch_id: int) -> str:
    return f"/billing/batches/{batch_id}"


def invoice_route(invoice_id: int) -> str:
    return f"/billing/invoices/{invoice_id}"


FIXED_ON = {  # where to fix what a batch preview's exception names
    "ticket": TICKETS, "time_entry": TIME_AND_EXPENSES, "expense": TIME_AND_EXPENSES,
    "customer": CUSTOMERS, "contract": CONTRACTS,
}  # fmt: skip


def fix_route(target: str, target_id: int) -> str:
    """The list page showing that one row: its search for "#id"."""
    return f"{FIXED_ON[target]}?search=%23{target_id}"


def may_open(role: Role, path: str) -> bool:
    """By the section the path is in: /billing/batches/3 needs what /billing needs."""
    path = path.rstrip("/") or HOME
    if path in ADMIN_PAGES:
        return can(role, ADMIN_PAGES[path])
    section = section_of(path)
    return section is None or section.permission is None or can(role, section.permission)


def section_of(path: str) -> Section | None:
    """The sidebar section a page belongs to: /billing/batches/3 is in Billing."""
    inside = [s for s in SECTIONS if s.route != HOME and s.holds(path)]
    return max(inside, key=lambda s: len(s.route)) if inside else None


def safe_next(path: str) -> str:
    """Only a path of this app to go back to after signing in (no open redirect)."""
    return path if path.startswith("/") and not path.startswith("//") else HOME
