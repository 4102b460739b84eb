import dataclasses
import io

import pytest
from PIL import Image
from sqlmodel import select

from billing_app.documents.invoice_html import builtin_source
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.roles import Role
from billing_app.models import AccountSettings, AuditEvent, InvoiceDesign
from billing_app.services.invoice_design import (
    DesignInput,
    design_source,
    invoice_design,
    invoice_look,
    remove_logo,
    save_invoice_design,
    save_logo,
)
from billing_app.services.invoice_design_preview import preview_invoice_design
from tests import factories

GOOD = DesignInput(design="modern", accent_color="#0F766E", footer_text="Bank transfer.  \n")
CUSTOM_HTML = (
    "<html><head><style>{% include stylesheet %}</style></head>\n<body>\n{body}\n</body></html>"
)


def custom(
    body: str = "<h1>Ours {{ customer.name }}</h1>", css: str = "h1 { color: {{ accent }} }"
):
    return DesignInput(design="custom", custom_html=CUSTOM_HTML.replace("{body}", body),
                       custom_css=css)  # fmt: skip


def png(size: tuple[int, int] = (300, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (15, 118, 110)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def admin(session):
    factories.add(session, AccountSettings(legal_name="Rete Sicura S.r.l.", country="IT",
                                           currency="EUR", locale="it_IT"))  # fmt: skip
    return factories.actor(factories.user(session, Role.ADMIN))


def audits(session, action: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_with_nothing_saved_invoices_use_classic_in_its_defaults(session, admin):
    view = invoice_design(session, admin)
    assert (view.values.design, view.values.accent_color, view.logo) == ("classic", "#1f4e79", None)
    assert invoice_look(session).design == "classic"


def test_a_good_save_is_cleaned_stored_audited_and_used_by_invoices(session, admin):
    save_invoice_design(session, admin, GOOD)
    view = invoice_design(session, admin)
    assert view.values == DesignInput("modern", "#0f766e", "Bank transfer.")
    assert (invoice_look(session).design, invoice_look(session).accent) == ("modern", "#0f766e")
    (audit,) = audits(session, "invoice_design_saved")
    assert audit.details == "design, accent_color, footer_text"
    assert "design: classic" in audit.from_value and "accent_color: #0f766e" in audit.to_value


def test_saving_the_same_values_again_audits_nothing_more(session, admin):
    save_invoice_design(session, admin, GOOD)
    save_invoice_design(session, admin, GOOD)
    assert len(audits(session, "invoice_design_saved")) == 1


@pytest.mark.parametrize(("field", "value", "says"), [
    ("design", "fancy", "Choose one of the designs"),
    ("accent_color", "blue", "blue is not a colour"),
    ("accent_color", "#12345", "six hex digits"),
    ("footer_text", "x" * 1001, "1001 characters; keep it to 1000"),
    ("footer_text", "\n".join(["line"] * 9), "9 lines; keep it to 8"),
    ("custom_css", "x" * 100_001, "keep it to 100000"),
])  # fmt: skip
def test_each_wrong_field_gets_its_sentence_and_nothing_is_saved(session, admin, field, value,
                                                                 says):  # fmt: skip
    with pytest.raises(FieldErrors) as refused:
        save_invoice_design(session, admin, dataclasses.replace(GOOD, **{field: value}))
    assert refused.value.code == "invalid_invoice_design"
    assert says in refused.value.fields[field]
    assert session.get(InvoiceDesign, 1) is None


def test_a_custom_design_needs_its_html(session, admin):
    with pytest.raises(FieldErrors) as refused:
        save_invoice_design(session, admin, DesignInput(design="custom", custom_html="  "))
    assert "Write the custom template's HTML" in refused.value.fields["custom_html"]


def test_a_custom_template_is_saved_and_renders_invoices(session, admin):
    save_invoice_design(session, admin, custom())
    look = invoice_look(session)
    assert look.design == "custom" and "Ours {{ customer.name }}" in look.custom_html


def test_a_template_with_a_syntax_error_is_refused_with_its_line_and_the_old_one_stays(
    session, admin
):
    save_invoice_design(session, admin, custom())
    broken = custom(body="<p>fine</p>\n<p>{{ customer.name }</p>")
    with pytest.raises(FieldErrors) as refused:
        save_invoice_design(session, admin, broken)
    assert refused.value.fields["custom_html"].startswith("Line 4: unexpected '}'")
    assert "Ours {{ customer.name }}" in invoice_look(session).custom_html


def test_a_template_failing_when_rendered_against_the_samples_is_refused(session, admin):
    with pytest.raises(FieldErrors) as refused:
        save_invoice_design(session, admin, custom(body="{% if payments %}{{ payments.total }}"
                                                        "{% endif %}"))  # fmt: skip
    assert refused.value.fields["custom_html"] == "Line 3: 'list' has no attribute 'total'."
    with pytest.raises(FieldErrors) as refused:
        save_invoice_design(session, admin, custom(css="h1 {\n  color: {{ accnet }};\n}"))
    assert refused.value.fields["custom_css"] == "Line 2: 'accnet' is undefined."


def test_reaching_for_python_internals_is_refused_with_a_clear_message(session, admin):
    with pytest.raises(FieldErrors) as refused:
        save_invoice_design(
            session, admin, custom(body="{{ ''.__class__.__mro__[1].__subclasses__() }}")
        )
    message = refused.value.fields["custom_html"]
    assert message.startswith("Line 3: access to attribute '__class__' of 'str' object is unsafe.")
    assert "Templates cannot reach Python internals." in message


def test_a_broken_custom_template_is_refused_even_while_a_built_in_is_chosen(session, admin):
    with pytest.raises(FieldErrors) as refused:
        save_invoice_design(session, admin, dataclasses.replace(custom(body="{% for %}"),
                                                                design="classic"))  # fmt: skip
    assert "custom_html" in refused.value.fields


def test_a_logo_is_checked_by_its_content_stored_and_audited(session, admin):
    logo = save_logo(session, admin, png())
    assert logo.label == "PNG, 300 × 100 px, 1 KB"
    row = session.get(InvoiceDesign, 1)
    assert (row.logo, row.logo_media_type) == (png(), "image/png")
    assert invoice_look(session).logo_url.startswith("data:image/png;base64,iVBOR")
    assert invoice_design(session, admin).logo == logo
    (audit,) = audits(session, "invoice_logo_uploaded")
    assert audit.to_value == "PNG, 300 × 100 px, 1 KB"


def test_a_file_that_is_no_image_is_refused_and_the_logo_stays(session, admin):
    save_logo(session, admin, png())
    with pytest.raises(BillingError) as refused:
        save_logo(session, admin, b"GIF89a pretending to be logo.png")
    assert refused.value.code == "invalid_logo"
    assert session.get(InvoiceDesign, 1).logo == png()


def test_removing_the_logo_leaves_invoices_without_one(session, admin):
    save_logo(session, admin, png())
    remove_logo(session, admin)
    remove_logo(session, admin)  # nothing left to remove: nothing happens
    assert invoice_look(session).logo_url == ""
    assert len(audits(session, "invoice_logo_removed")) == 1


def test_saving_the_design_keeps_the_logo(session, admin):
    save_logo(session, admin, png())
    save_invoice_design(session, admin, GOOD)
    assert session.get(InvoiceDesign, 1).logo == png()


@pytest.mark.parametrize("role", [Role.BILLING, Role.TECHNICIAN, Role.READ_ONLY])
def test_only_an_admin_may_see_change_or_preview_the_design(session, admin, role):
    other = factories.actor(factories.user(session, role))
    session.commit()  # a refusal is audited in a session of its own
    attempts = [
        lambda: invoice_design(session, other),
        lambda: save_invoice_design(session, other, GOOD),
        lambda: preview_invoice_design(session, other, GOOD),
        lambda: save_logo(session, other, png()),
        lambda: remove_logo(session, other),
        lambda: design_source(session, other, "modern"),
    ]
    for attempt in attempts:
        with pytest.raises(BillingError) as refused:
            attempt()
        assert refused.value.code == "forbidden"
    assert session.get(InvoiceDesign, 1) is None
    assert len(audits(session, "refused")) == len(attempts)


def test_a_built_in_design_is_the_start_of_a_custom_one(session, admin):
    assert design_source(session, admin, "modern") == builtin_source("modern")
    with pytest.raises(BillingError, match="no built-in design 'fancy'"):
        design_source(session, admin, "fancy")
