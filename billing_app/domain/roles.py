"""Who may do what: the roles and the one table that grants permissions to them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    BILLING = "billing"
    TECHNICIAN = "technician"
    READ_ONLY = "read_only"

    @property
    def label(self) -> str:
        return "Read-only" if self is Role.READ_ONLY else self.value.capitalize()


class Permission(StrEnum):
    VIEW_BILLING = "view_billing"  # batches, invoices, amounts, customers, contracts, products
    CHANGE_BILLING = "change_billing"  # batches, invoices, sending, exporting, payments
    VIEW_WORK = "view_work"  # tickets, time entries, expenses
    LOG_OWN_WORK = "log_own_work"  # create and edit one's own time entries and expenses
    EDIT_ANY_WORK = "edit_any_work"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"


P = Permission
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.BILLING: frozenset(
        {
            P.VIEW_BILLING,
            P.CHANGE_BILLING,
            P.VIEW_WORK,
            P.LOG_OWN_WORK,
            P.EDIT_ANY_WORK,
            P.VIEW_AUDIT,
        }
    ),
    Role.TECHNICIAN: frozenset({P.VIEW_WORK, P.LOG_OWN_WORK}),
    Role.READ_ONLY: frozenset({P.VIEW_BILLING, P.VIEW_WORK}),
}


def can(role: Role, permission: Permission) -> bool:
    return permission in GRANTS[role]


def can_edit_work_of(role: Role, *, own: bool) -> bool:
    """Object level: a technician edits only their own time entries and expenses."""
    return can(role, P.EDIT_ANY_WORK) or (own and can(role, P.LOG_OWN_WORK))
