import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from billing_app.domain.contracts import ContractType
from billing_app.domain.errors import BillingError
from billing_app.domain.roles import Role
from billing_app.domain.status import InvoiceStatus
from billing_app.models import AccountSettings, AuditEvent, Invoice
from billing_app.services.batches import pdfs
from billing_app.services.batches.inputs import RunFilters
from billing_app.services.batches.pdfs import batch_pdfs
from billing_app.services.batches.save import save_batch
from billing_app.services.invoices.status import set_status
from tests import factories

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
CUSTOMERS = ("Acme S.r.l.", "Bottega Rossi", "Studio Verdi")


@pytest.fixture
def batch(session):
    """October 2026: one retainer invoice per customer; the first two issued, the last a Draft."""
    factories.add(session, AccountSettings(legal_name="Rete Sicura S.r.l.", country="IT",
                                           currency="EUR", locale="it_IT"))  # fmt: skip
    clerk = factories.actor(factories.user(session, Role.BILLING))
    for name in CUSTOMERS:
        customer = factories.customer(session, name=name, billing_emails="ap@example.com")
        factories.contract(session, customer, type=ContractType.RETAINER, fee=Decimal(250))
    saved = save_batch(session, clerk, "October 2026", *OCT, RunFilters())
    numbers = [
        set_status(session, clerk, invoice_id, InvoiceStatus.SENT).number
        for invoice_id in saved.invoice_ids[:2]
    ]
    session.commit()
    return clerk, saved, numbers


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def files_of(data: bytes) -> dict[str, str]:
    """Each file of the zip, by name, with the text of its PDF."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        return {
            name: " ".join(
                p.extract_text() for p in PdfReader(io.BytesIO(archive.read(name))).pages
            )
            for name in archive.namelist()
        }


def test_the_zip_holds_one_pdf_per_invoice_named_after_it_with_its_number_inside(session, batch):
    clerk, saved, numbers = batch
    told: list[tuple[int, int]] = []
    zipped = batch_pdfs(session, clerk, saved.batch_id, processes=1,
                        progress=lambda done, total: told.append((done, total)))  # fmt: skip
    assert zipped.file_name == "October-2026-invoices.zip"
    assert zipped.count == 3
    files = files_of(zipped.data)
    draft_id = saved.invoice_ids[2]
    assert list(files) == [f"invoice-{numbers[0]}.pdf", f"invoice-{numbers[1]}.pdf",
                           f"draft-invoice-{draft_id}.pdf"]  # fmt: skip
    for number, customer in zip(numbers, CUSTOMERS, strict=False):
        assert number in files[f"invoice-{number}.pdf"]
        assert customer in files[f"invoice-{number}.pdf"]
    draft = files[f"draft-invoice-{draft_id}.pdf"]
    assert "DRAFT" in draft and "Studio Verdi" in draft
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]


def not_here(*_args: object) -> tuple[str, bytes]:
    raise AssertionError("rendered in the calling process")


def test_two_processes_give_the_same_zip_as_one_and_render_none_in_the_caller(
    session, batch, monkeypatch
):
    clerk, saved, _ = batch
    told: list[tuple[int, int]] = []
    alone = batch_pdfs(session, clerk, saved.batch_id, processes=1)
    monkeypatch.setattr(pdfs, "invoice_pdf", not_here)  # the workers have their own
    parallel = batch_pdfs(session, clerk, saved.batch_id, processes=2,
                          progress=lambda done, total: told.append((done, total)))  # fmt: skip
    assert parallel.file_name == alone.file_name
    assert files_of(parallel.data) == files_of(alone.data)
    assert told == [(0, 3), (1, 3), (2, 3), (3, 3)]  # in order, whichever finished first


def test_read_only_may_download_and_a_technician_is_refused_and_audited(session, batch):
    _, saved, _ = batch
    viewer = factories.actor(factories.user(session, Role.READ_ONLY))
    technician = factories.actor(factories.user(session, Role.TECHNICIAN))
    session.commit()
    assert batch_pdfs(session, viewer, saved.batch_id, processes=1).count == 3
    with pytest.raises(BillingError) as refused:
        batch_pdfs(session, technician, saved.batch_id, processes=2)
    assert refused.value.code == "forbidden"
    assert "cannot download invoices" in refused.value.message
    audit = session.exec(sa.select(AuditEvent.actor).where(AuditEvent.action == "refused")).all()
    assert audit == [(technician.email,)]


def test_an_unknown_batch_is_explained(session, batch):
    clerk, saved, _ = batch
    with pytest.raises(BillingError) as missing:
        batch_pdfs(session, clerk, saved.batch_id + 1)
    assert missing.value.code == "batch_not_found"
    assert missing.value.message == "That batch does not exist (any more)."


@pytest.mark.parametrize("processes", [1, 2])
def test_an_invoice_deleted_while_rendering_fails_the_download_naming_it(
    session, engine, batch, processes
):
    clerk, saved, _ = batch
    draft_id = saved.invoice_ids[2]

    def colleague_deletes_the_draft(done: int, _total: int) -> None:
        if done == 0:  # the invoices are listed, none rendered yet
            with engine.begin() as other:
                other.execute(sa.delete(Invoice).where(Invoice.id == draft_id))  # type: ignore[arg-type]

    with pytest.raises(BillingError) as failed:
        batch_pdfs(session, clerk, saved.batch_id, processes=processes,
                   progress=colleague_deletes_the_draft)  # fmt: skip
    assert failed.value.code == "batch_pdf_failed"
    assert failed.value.message == (
        f"Draft invoice #{draft_id} for Studio Verdi: That invoice does not exist (any more). "
        "No zip was made; reload the page and try again."
    )


def test_a_pdf_that_cannot_be_made_fails_the_download_naming_it_and_is_logged(
    session, batch, monkeypatch, caplog
):
    clerk, saved, numbers = batch

    def broken(*_args: object) -> tuple[str, bytes]:
        raise RuntimeError("font cache unreadable")

    monkeypatch.setattr(pdfs, "invoice_pdf", broken)
    with pytest.raises(BillingError) as failed:
        batch_pdfs(session, clerk, saved.batch_id, processes=1)
    assert failed.value.message == (
        f"Invoice {numbers[0]} for Acme S.r.l.: its PDF could not be made. No zip was made; "
        "open it and try Download PDF there, or ask an admin to check the server log."
    )
    assert "font cache unreadable" in caplog.text
