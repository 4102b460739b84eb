import io
import re
from decimal import Decimal

import pytest
from PIL import Image
from pypdf import PdfReader

from billing_app.documents.fetcher import DataOnlyFetcher
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.models import AccountSettings, InvoiceLine
from billing_app.services.actor import Actor
from billing_app.services.invoice_design import (
    DesignInput,
    remove_logo,
    save_invoice_design,
    save_logo,
)
from billing_app.services.invoice_pdf import invoice_pdf
from billing_app.services.invoices.flexible import create_flexible_invoice
from billing_app.services.invoices.lines import add_line
from billing_app.services.invoices.status import set_status
from tests import factories

D = Decimal


@pytest.fixture
def setup(session):
    factories.add(session, AccountSettings(
        legal_name="Rete Sicura S.r.l.", country="IT", currency="EUR", locale="it_IT",
        street="Via Roma 1", city="Milano", postcode="20121", vat_id="IT01234567890",
        iban="IT60X0542811101000000123456", bic="BPMOIT22",
    ))  # fmt: skip
    clerk = factories.actor(factories.user(session, Role.BILLING))
    acme = factories.customer(session, vat_id="IT09876543210", city="Torino")
    invoice_id = create_flexible_invoice(session, clerk, acme.id)
    session.commit()
    return clerk, acme, invoice_id


def admin_of(session) -> Actor:
    return factories.actor(factories.user(session, Role.ADMIN))


def custom(description="Setup", price="1234.50"):
    return InvoiceLine(kind=LineKind.CUSTOM, description=description, quantity=D(1),
                       unit_price=D(price), tax_rate=D(22), invoice_id=0)  # fmt: skip


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_an_issued_invoice_shows_its_number_customer_and_total_in_the_account_locale(
    session, setup
):
    clerk, _, invoice_id = setup
    add_line(session, clerk, invoice_id, custom())
    number = set_status(session, clerk, invoice_id, InvoiceStatus.SENT).number
    name, pdf = invoice_pdf(session, clerk, invoice_id)
    assert pdf.startswith(b"%PDF")
    assert name == f"invoice-{number}.pdf"
    text = " ".join(text_of(pdf))
    for expected in (number, "Acme S.r.l.", "IT09876543210", "1.506,09", "Custom lines",
                     "IT60X0542811101000000123456", "Balance due"):  # fmt: skip
        assert expected in text
    assert "DRAFT" not in text


def test_a_rate_with_decimals_is_printed_with_them(session, setup):
    clerk, _, invoice_id = setup
    line = custom(price="100")
    line.tax_rate = D("5.5")
    add_line(session, clerk, invoice_id, line)
    text = " ".join(text_of(invoice_pdf(session, clerk, invoice_id)[1]))
    assert "5,5% on 100,00" in text
    assert "6%" not in text


def test_a_draft_shows_draft_and_no_number(session, setup):
    clerk, _, invoice_id = setup
    add_line(session, clerk, invoice_id, custom())
    name, pdf = invoice_pdf(session, clerk, invoice_id)
    text = " ".join(text_of(pdf))
    assert name == f"draft-invoice-{invoice_id}.pdf"
    assert "DRAFT" in text and "Draft invoice" in text
    assert "Number" not in text


def test_markup_in_a_customer_name_is_printed_as_text(session, setup):
    clerk, acme, invoice_id = setup
    acme.name = "<b>Bold</b> <script>alert(1)</script> Ltd"
    session.commit()
    text = " ".join(text_of(invoice_pdf(session, clerk, invoice_id)[1]))
    assert "<b>Bold</b> <script>alert(1)</script> Ltd" in text


def test_sixty_lines_make_several_pages_numbered_one_of_n(session, setup):
    clerk, _, invoice_id = setup
    for index in range(60):
        add_line(session, clerk, invoice_id, custom(f"Line {index}", "10.00"))
    pages = text_of(invoice_pdf(session, clerk, invoice_id)[1])
    assert len(pages) >= 2
    for index, text in enumerate(pages, start=1):
        assert re.search(rf"\b{index} / {len(pages)}\b", text)
        assert "Description" in text  # the table header repeats


def test_read_only_can_download_and_a_technician_is_refused(session, setup):
    _, _, invoice_id = setup
    viewer = factories.actor(factories.user(session, Role.READ_ONLY))
    assert invoice_pdf(session, viewer, invoice_id)[1].startswith(b"%PDF")
    technician = factories.actor(factories.user(session, Role.TECHNICIAN))
    session.commit()  # the refusal is audited on its own connection
    with pytest.raises(BillingError):
        invoice_pdf(session, technician, invoice_id)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:1/x.png"])
def test_an_image_url_in_a_line_description_fetches_nothing(session, setup, url):
    clerk, _, invoice_id = setup
    add_line(session, clerk, invoice_id, custom(f'<img src="{url}">'))
    fetcher = DataOnlyFetcher()
    _, pdf = invoice_pdf(session, clerk, invoice_id, fetcher)
    assert f'<img src="{url}">' in " ".join(text_of(pdf))
    assert fetcher.refused == []  # escaped: it never even became an image to fetch


def image_xobjects(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    objects = page["/Resources"].get("/XObject", {})
    return [name for name, ref in objects.items() if ref.get_object()["/Subtype"] == "/Image"]


def content_of(pdf: bytes) -> bytes:
    return b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_modern_design_is_used_once_chosen(session, setup):
    clerk, _, invoice_id = setup
    add_line(session, clerk, invoice_id, custom())
    classic = " ".join(text_of(invoice_pdf(session, clerk, invoice_id)[1]))
    save_invoice_design(session, admin_of(session), DesignInput(design="modern"))
    modern = " ".join(text_of(invoice_pdf(session, clerk, invoice_id)[1]))
    assert "Bill to" in classic and "BILLED TO" not in classic
    assert "BILLED TO" in modern and "DRAFT INVOICE" in modern and "Acme S.r.l." in modern


@pytest.mark.parametrize("design", ["classic", "modern"])
def test_the_accent_colour_is_painted_in_the_pdf(session, setup, design):
    clerk, _, invoice_id = setup
    orange = b"1 0.501961 0 rg"  # #ff8000 as PDF fill colour
    assert orange not in content_of(invoice_pdf(session, clerk, invoice_id)[1])
    save_invoice_design(session, admin_of(session), DesignInput(design, accent_color="#ff8000"))
    assert orange in content_of(invoice_pdf(session, clerk, invoice_id)[1])


@pytest.mark.parametrize("design", ["classic", "modern"])
def test_footer_text_is_printed_as_text_on_every_page(session, setup, design):
    clerk, _, invoice_id = setup
    for index in range(60):
        add_line(session, clerk, invoice_id, custom(f"Line {index}", "10.00"))
    footer = '<b>Bank</b> & "Co"\n<img src="file:///etc/passwd">'
    save_invoice_design(session, admin_of(session), DesignInput(design, footer_text=footer))
    fetcher = DataOnlyFetcher()
    pages = text_of(invoice_pdf(session, clerk, invoice_id, fetcher)[1])
    assert len(pages) >= 2
    for text in pages:
        assert '<b>Bank</b> & "Co"' in text and '<img src="file:///etc/passwd">' in text
    assert fetcher.refused == []


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 120), (31, 78, 121)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize("design", ["classic", "modern"])
def test_the_logo_is_an_image_in_the_pdf_and_goes_when_removed(session, setup, design):
    clerk, _, invoice_id = setup
    admin = admin_of(session)
    save_invoice_design(session, admin, DesignInput(design))
    assert image_xobjects(invoice_pdf(session, clerk, invoice_id)[1]) == []
    save_logo(session, admin, jpeg())
    fetcher = DataOnlyFetcher()
    assert len(image_xobjects(invoice_pdf(session, clerk, invoice_id, fetcher)[1])) == 1
    assert fetcher.refused == []  # the logo travels as a data: URL
    remove_logo(session, admin)
    assert image_xobjects(invoice_pdf(session, clerk, invoice_id)[1]) == []


def test_a_custom_template_makes_the_pdf(session, setup):
    clerk, _, invoice_id = setup
    add_line(session, clerk, invoice_id, custom("Backup appliance"))
    html = ("<html><head><style>{% include stylesheet %}</style></head><body>"
            "<h1>Our own invoice for {{ customer.name }}</h1>{% for g in groups %}"
            "{% for line in g.lines %}<p>{{ line.description }}: {{ line.net }}</p>"
            "{% endfor %}{% endfor %}<p>Due {{ balance }}</p></body></html>")  # fmt: skip
    save_invoice_design(session, admin_of(session), DesignInput(
        "custom", custom_html=html, custom_css="h1 { color: {{ accent }}; }"))  # fmt: skip
    text = " ".join(text_of(invoice_pdf(session, clerk, invoice_id)[1]))
    assert "Our own invoice for Acme S.r.l." in text
    assert "Backup appliance: 1.234,50" in text and "Due 1.506,09" in text


def test_a_custom_template_failing_on_one_invoice_says_where_and_who_can_fix_it(session, setup):
    clerk, _, invoice_id = setup
    html = ("<html><body>\n{% if customer.name == 'Acme S.r.l.' %}\n{{ customer.nope }}"
            "{% endif %}</body></html>")  # fmt: skip
    save_invoice_design(session, admin_of(session), DesignInput("custom", custom_html=html))
    with pytest.raises(BillingError) as failed:
        invoice_pdf(session, clerk, invoice_id)
    assert failed.value.code == "invoice_template_failed"
    assert "(HTML line 3: 'Party' has no attribute 'nope'); an admin" in failed.value.message
    assert "Admin > Invoice design" in failed.value.message


def test_a_number_with_slashes_gives_a_file_name_without_folders(session, setup):
    clerk, _, invoice_id = setup
    session.get_one(AccountSettings, 1).number_format = "INV/{year}/{seq:04}"
    session.commit()
    number = set_status(session, clerk, invoice_id, InvoiceStatus.SENT).number
    name, _ = invoice_pdf(session, clerk, invoice_id)
    assert number is not None and number.startswith("INV/")
    assert name == f"invoice-{number.replace('/', '-')}.pdf"
