import pytest

from billing_app.documents.email import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    Attachment,
    Sender,
    address_list,
    build_message,
    fill,
    template_problem,
)
from billing_app.domain.errors import BillingError

VALUES = {"number": "2026-00012", "total": "1.506,09 €", "due_date": "27 dic 2026",
          "company": "Rete Sicura S.r.l.", "customer": "Acme S.r.l."}  # fmt: skip


def test_the_default_templates_fill_every_placeholder():
    assert fill(DEFAULT_SUBJECT, VALUES) == "Invoice 2026-00012 from Rete Sicura S.r.l."
    body = fill(DEFAULT_BODY, VALUES)
    assert "Dear Acme S.r.l.," in body and "of 1.506,09 €, due on 27 dic 2026." in body
    assert "{" not in body


@pytest.mark.parametrize(
    "template",
    ["{amount}", "{number.__class__}", "{total[0]}", "{number!r}", "{ number }", "{}"],
)
def test_anything_in_braces_but_a_known_name_is_refused_by_name(template):
    assert template_problem(f"Invoice {template}", "subject").startswith(
        f"{template} is not a placeholder")  # fmt: skip
    with pytest.raises(BillingError) as error:
        fill(f"Invoice {template}", VALUES)
    assert error.value.code == "unknown_placeholder"


def test_values_are_inserted_once_and_their_braces_stay_text():
    values = VALUES | {"customer": "{company} {number.__class__}"}
    assert fill("{customer}: {number}", values) == "{company} {number.__class__}: 2026-00012"


def test_an_empty_template_is_asked_for_and_a_good_one_has_no_problem():
    assert template_problem(" \n", "message") == "Write the message."
    assert template_problem(DEFAULT_BODY, "message") == ""


def test_lone_braces_are_just_text():
    assert fill("Total } {number} {", VALUES) == "Total } 2026-00012 {"


def test_addresses_split_on_commas_and_semicolons_once_each():
    assert address_list(" a@x.it; B@x.it,,b@x.it , c@x.it ") == ["a@x.it", "B@x.it", "c@x.it"]
    assert address_list("  ") == []


def test_the_message_has_the_headers_the_attachment_and_no_blind_copy():
    message = build_message(
        Sender("Rete Sicura Srl", "billing@retesicura.it", "ap@retesicura.it"),
        ["ap@acme.test", "cfo@acme.test"], "Invoice 1\r\nBcc: evil@x.test", "Body ✓\n",
        [Attachment("invoice-1.pdf", b"%PDF-1.7 ...")],
    )  # fmt: skip
    assert message["From"] == "Rete Sicura Srl <billing@retesicura.it>"
    assert message["To"] == "ap@acme.test, cfo@acme.test"
    assert message["Reply-To"] == "ap@retesicura.it"
    assert message["Subject"] == "Invoice 1 Bcc: evil@x.test"  # one line: no header injected
    assert message["Bcc"] is None
    assert message["Message-ID"].endswith("@retesicura.it>")
    assert message.get_body(("plain",)).get_content() == "Body ✓\n"
    (attachment,) = message.iter_attachments()
    assert (attachment.get_filename(), attachment.get_content()) == ("invoice-1.pdf",
                                                                     b"%PDF-1.7 ...")  # fmt: skip
    assert message.as_bytes().isascii()  # 7-bit safe for any server


def test_an_accented_sender_name_is_encoded_not_mangled():
    message = build_message(Sender("Società Rete", "billing@rete.it"), ["a@x.it"], "Ciao", "x")
    assert "=?utf-8?" in message.as_string()
    assert message["From"].addresses[0].display_name == "Società Rete"
