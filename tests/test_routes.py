from billing_app import routes
from billing_app.domain.roles import Role


def test_each_role_sees_its_sections():
    assert routes.visible_routes(Role.TECHNICIAN) == [
        routes.HOME,
        routes.TICKETS,
        routes.TIME_AND_EXPENSES,
    ]
    assert routes.ADMIN_USERS not in routes.visible_routes(Role.BILLING)
    assert routes.AUDIT in routes.visible_routes(Role.BILLING)
    assert routes.AUDIT not in routes.visible_routes(Role.READ_ONLY)
    assert routes.BILLING in routes.visible_routes(Role.READ_ONLY)
    assert len(routes.visible_routes(Role.ADMIN)) == len(routes.SECTIONS)


def test_pages_are_guarded_by_the_same_table():
    assert not routes.may_open(Role.TECHNICIAN, "/billing")
    assert not routes.may_open(Role.BILLING, "/admin/users/")
    assert not routes.may_open(Role.BILLING, "/admin/settings")
    assert routes.may_open(Role.ADMIN, "/admin/settings")
    assert not routes.may_open(Role.BILLING, "/admin/tax-rates")
    assert routes.may_open(Role.ADMIN, "/admin/tax-rates")
    assert not routes.may_open(Role.BILLING, routes.ADMIN_EMAIL)
    assert routes.may_open(Role.ADMIN, routes.ADMIN_EMAIL)
    assert routes.may_open(Role.READ_ONLY, "/")


def test_only_paths_of_this_app_are_followed_after_sign_in():
    assert routes.safe_next("/audit") == "/audit"
    assert routes.safe_next("//evil.example/x") == "/"
    assert routes.safe_next("https://evil.example") == "/"


def test_pages_inside_a_section_need_what_the_section_needs():
    assert not routes.may_open(Role.TECHNICIAN, "/billing/batches/3")
    assert routes.may_open(Role.READ_ONLY, routes.batch_route(3))
    assert routes.may_open(Role.TECHNICIAN, "/billingx")  # not inside /billing


def test_a_batch_exception_opens_the_list_showing_the_row_to_fix():
    assert routes.fix_route("ticket", 12) == "/tickets?search=%2312"
    assert routes.fix_route("expense", 3) == "/time-and-expenses?search=%233"
    assert routes.fix_route("customer", 7) == "/customers?search=%237"


def test_only_admins_open_the_invoice_design():
    assert routes.may_open(Role.ADMIN, "/admin/invoice-design")
    for role in (Role.BILLING, Role.TECHNICIAN, Role.READ_ONLY):
        assert not routes.may_open(role, "/admin/invoice-design")


def test_every_admin_page_lights_the_admin_section_of_the_sidebar():
    for path in routes.ADMIN_PAGES:
        section = routes.section_of(path)
        assert section is not None and section.route == routes.ADMIN_USERS
    assert routes.section_of("/billing/batches/3").route == routes.BILLING
    assert routes.section_of("/administrator") is None
