"""Every route of the app and who may open it, so links, guards and pages never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from billing_app.domain.roles import Permission, Role, can

HOME = "/"
LOGIN = "/login"
BILLING = "/billing"
CUSTOMERS = "/customers"
CONTRACTS = "/contracts"
TICKETS = "/tickets"
TIME_AND_EXPENSES = "/time-and-expenses"
PRODUCTS = "/products"
AUDIT = "/audit"
ADMIN_USERS = "/admin/users"
ADMIN_SETTINGS = "/admin/settings"


@dataclass(frozen=True)
class Section:
    label: str
    icon: str
    route: str
    permission: Permission | None  # None: anyone signed in


SECTIONS = (
    Section("Home", "layout-dashboard", HOME, None),
    Section("Billing", "receipt", BILLING, Permission.VIEW_BILLING),
    Section("Customers", "building-2", CUSTOMERS, Permission.VIEW_BILLING),
    Section("Contracts", "file-text", CONTRACTS, Permission.VIEW_BILLING),
    Section("Tickets", "ticket", TICKETS, Permission.VIEW_WORK),
    Section("Time & Expenses", "clock", TIME_AND_EXPENSES, Permission.VIEW_WORK),
    Section("Products", "package", PRODUCTS, Permission.VIEW_BILLING),
    Section("Audit", "history", AUDIT, Permission.VIEW_AUDIT),
    Section("Admin", "settings", ADMIN_USERS, Permission.MANAGE_USERS),
)
ADMIN_PAGES = {ADMIN_USERS: Permission.MANAGE_USERS, ADMIN_SETTINGS: Permission.MANAGE_SETTINGS}


def visible_routes(role: Role) -> list[str]:
    return [s.route for s in SECTIONS if s.permission is None or can(role, s.permission)]


def may_open(role: Role, path: str) -> bool:
    path = path.rstrip("/") or HOME
    wanted = ADMIN_PAGES.get(path) or next(
        (s.permission for s in SECTIONS if s.route == path), None
    )
    return wanted is None or can(role, wanted)


def safe_next(path: str) -> str:
    """Only a path of this app to go back to after signing in (no open redirect)."""
    return path if path.startswith("/") and not path.startswith("//") else HOME
