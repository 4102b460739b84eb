import pytest

from billing_app.domain.roles import Permission, Role, can, can_edit_work_of

P, R = Permission, Role

# Read from issue 3: admin everything; billing the billing work; technician tickets and own
# work; read-only sees billing and changes nothing.
EXPECTED = {
    R.ADMIN: set(P),
    R.BILLING: {P.VIEW_BILLING, P.CHANGE_BILLING, P.VIEW_WORK, P.LOG_OWN_WORK, P.EDIT_ANY_WORK,
                P.VIEW_AUDIT},
    R.TECHNICIAN: {P.VIEW_WORK, P.LOG_OWN_WORK},
    R.READ_ONLY: {P.VIEW_BILLING, P.VIEW_WORK},
}  # fmt: skip


@pytest.mark.parametrize("role", list(R))
@pytest.mark.parametrize("permission", list(P))
def test_role_permission_table(role, permission):
    assert can(role, permission) is (permission in EXPECTED[role])


def test_read_only_changes_nothing():
    changing = {
        P.CHANGE_BILLING,
        P.LOG_OWN_WORK,
        P.EDIT_ANY_WORK,
        P.MANAGE_USERS,
        P.MANAGE_SETTINGS,
    }
    assert not any(can(R.READ_ONLY, permission) for permission in changing)


def test_a_technician_edits_only_their_own_work():
    assert can_edit_work_of(R.TECHNICIAN, own=True)
    assert not can_edit_work_of(R.TECHNICIAN, own=False)
    assert can_edit_work_of(R.BILLING, own=False)
    assert not can_edit_work_of(R.READ_ONLY, own=True)
