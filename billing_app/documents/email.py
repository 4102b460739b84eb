"""E-mail texts and messages: templates with named placeholders, and the MIME message itself.

Placeholders are replaced by looking the name up in a fixed table, in one pass: no
`str.format` (which would let a template reach attributes of the values), and a value
that itself contains braces is never read as a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from billing_app.domain.errors import BillingError

PLACEHOLDERS = {
    "number": "the invoice number",
    "total": "the invoice total",
    "due_date": "the due date",
    "company": "your company's name",
    "customer": "the customer's name",
}
DEFAULT_SUBJECT = "Invoice {number} from {company}"
DEFAULT_BODY = (
    "Dear {customer},\n\n"
    "please find attached invoice {number} of {total}, due on {due_date}.\n\n"
    "Kind regards,\n"
    "{company}\n"
)
PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")


def placeholder_list() -> str:
    names = [f"{{{name}}}" for name in PLACEHOLDERS]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _check_names(template: str) -> None:
    unknown = [name for name in PLACEHOLDER.findall(template) if name not in PLACEHOLDERS]
    if unknown:
        raise BillingError(
            "unknown_placeholder",
            f"{{{unknown[0]}}} is not a placeholder; use {placeholder_list()}.",
        )


def template_problem(template: str, what: str) -> str:
    """What is wrong with a template ("" when nothing): empty, or an unknown {name} in it."""
    if not template.strip():
        return f"Write the {what}."
    try:
        _check_names(template)
    except BillingError as error:
        return error.message
    return ""


def fill(template: str, values: Mapping[str, str]) -> str:
    _check_names(template)
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def one_line(text: str) -> str:
    """A header value: line breaks would end the header (or inject new ones)."""
    return " ".join(text.split())


def address_list(text: str) -> list[str]:
    """Comma- or semicolon-separated addresses, each once (case-insensitively), in order."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;]", text):
        if (address := part.strip()) and address.lower() not in seen:
            seen[address.lower()] = address
    return list(seen.values())


@dataclass(frozen=True)
class Sender:
    name: str
    address: str
    reply_to: str = ""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "pdf"


def build_message(
    sender: Sender,
    to: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """The message as the recipients see it; blind copies go in the envelope only."""
    message = EmailMessage()
    message["From"] = Address(display_name=one_line(sender.name), addr_spec=sender.address)
    message["To"] = ", ".join(to)
    if sender.reply_to:
        message["Reply-To"] = sender.reply_to
    message["Subject"] = one_line(subject)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.address.rpartition("@")[2])
    message.set_content(body, cte="quoted-printable")  # 7-bit: no server needs 8BITMIME
    for attachment in attachments:
        message.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    return message
