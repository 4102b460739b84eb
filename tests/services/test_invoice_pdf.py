import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from billing_app.documents.fetcher import DataOnlyFetcher
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.work import LineKind
from billing_app.models import AccountSettings, InvoiceLine
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


def test_a_number_with_slashes_gives_a_file_name_without_folders(session, setup):
    clerk, _, invoice_id = setup
    session.get_one(AccountSettings, 1).number_format = "INV/{year}/{seq:04}"
    session.commit()
    number = set_status(session, clerk, invoice_id, InvoiceStatus.SENT).number
    name, _ = invoice_pdf(session, clerk, invoice_id)
    assert number is not None and number.startswith("INV/")
    assert name == f"invoice-{number.replace('/', '-')}.pdf"
