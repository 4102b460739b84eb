import dataclasses
from decimal import Decimal

import pytest

from billing_app.domain.roles import Role
from billing_app.domain.work import LineKind
from billing_app.models import AccountSettings, InvoiceDesign, InvoiceLine
from billing_app.services.invoice_design import DesignInput, save_invoice_design, save_logo
from billing_app.services.invoice_design_preview import preview_invoice_design
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.lines import add_line
from tests import factories
from tests.services.test_invoice_design import custom, png

MODERN = DesignInput(design="modern", accent_color="#b91c1c", footer_text="Pay by transfer.")


@pytest.fixture
def admin(session):
    factories.add(session, AccountSettings(legal_name="Rete Sicura S.r.l.", country="IT",
                                           currency="EUR", locale="it_IT"))  # fmt: skip
    return factories.actor(factories.user(session, Role.ADMIN))


def invoice_with_a_line(session, admin, customer_name: str) -> int:
    customer = factories.customer(session, name=customer_name)
    invoice_id = create_flexible_invoice(session, admin, customer.id)
    add_line(session, admin, invoice_id, InvoiceLine(
        kind=LineKind.CUSTOM, description="Firewall setup", quantity=Decimal(1),
        unit_price=Decimal("450.00"), tax_rate=Decimal(22), invoice_id=0,
    ))  # fmt: skip
    return invoice_id


def test_with_no_invoice_the_preview_is_a_sample(session, admin):
    preview = preview_invoice_design(session, admin, MODERN)
    assert preview.source == "A sample invoice: there is no invoice with lines yet."
    assert "Sample Customer S.p.A." in preview.html and preview.errors == {}


def test_the_preview_shows_the_latest_invoice_with_lines_in_the_unsaved_design(session, admin):
    invoice_with_a_line(session, admin, "Older Customer")
    latest = invoice_with_a_line(session, admin, "Acme S.r.l.")
    create_flexible_invoice(session, admin, factories.customer(session, name="Empty Ltd").id)
    preview = preview_invoice_design(session, admin, MODERN)
    assert preview.source == f"Draft invoice #{latest} for Acme S.r.l., the latest."
    assert "Firewall setup" in preview.html and "Acme S.r.l." in preview.html
    assert 'class="band"' in preview.html and "#b91c1c" in preview.html
    assert "Pay by transfer." in preview.html
    assert 'http-equiv="Content-Security-Policy"' in preview.html
    assert session.get(InvoiceDesign, 1) is None  # previewing saves nothing


def test_a_colour_being_typed_is_reported_and_the_saved_one_is_shown(session, admin):
    preview = preview_invoice_design(
        session, admin, dataclasses.replace(MODERN, accent_color="#b9")
    )
    assert "six hex digits" in preview.errors["accent_color"]
    assert "#1f4e79" in preview.html


def test_a_broken_custom_template_gives_no_preview_but_its_line(session, admin):
    preview = preview_invoice_design(session, admin, custom(body="<p>\n{% if draft %}"))
    assert preview.html == ""
    assert preview.errors["custom_html"].startswith("Line 4: Unexpected end of template.")


def test_a_template_failing_only_on_the_latest_real_invoice_is_caught_by_the_preview(
    session, admin
):
    invoice_with_a_line(session, admin, "Acme S.r.l.")
    only_acme = custom(body='{% if customer.name == "Acme S.r.l." %}{{ customer.nope }}{% endif %}')
    preview = preview_invoice_design(session, admin, only_acme)
    assert preview.errors["custom_html"] == "Line 3: 'Party' has no attribute 'nope'."
    save_invoice_design(session, admin, only_acme)  # the samples alone do not catch it


def test_the_stored_logo_is_in_the_preview(session, admin):
    save_logo(session, admin, png())
    assert 'src="data:image/png;base64,iVBOR' in preview_invoice_design(session, admin, MODERN).html
