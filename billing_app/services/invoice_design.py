"""Admin > Invoice design: the design, accent colour, footer text, custom template and logo.

Saving checks every field first (a custom template is compiled, then rendered against
sample invoices) and writes nothing when any is wrong, so the
template in use stays in use. The logo is checked by its content and stored as bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace

from sqlmodel import Session

from billing_app.documents.designs import CUSTOM, DESIGNS, InvoiceLook
from billing_app.documents.invoice_context import invoice_context
from billing_app.documents.invoice_html import builtin_source, check_custom_look
from billing_app.documents.sample_invoice import sample_customer, sample_invoice
from billing_app.domain.colors import check_accent
from billing_app.domain.errors import BillingError, FieldErrors
from billing_app.domain.logo import data_url, sniff_logo
from billing_app.domain.roles import Permission
from billing_app.models import AccountSettings, InvoiceDesign
from billing_app.models.invoice_design import DEFAULT_ACCENT
from billing_app.models.types import utcnow
from billing_app.services.actor import Actor
from billing_app.services.audit import record_audit
from billing_app.services.authorization import require
from billing_app.services.settings import account_of

MAX_FOOTER = 1000
MAX_FOOTER_LINES = 8
MAX_TEMPLATE = 100_000
CHOICES = [
    *((d.key, d.label, d.blurb) for d in DESIGNS.values()),
    (CUSTOM, "Custom", "Your own HTML and CSS (Jinja2)."),
]
DESIGN_KEYS = [key for key, _, _ in CHOICES]


@dataclass(frozen=True)
class DesignInput:
    design: str = "classic"
    accent_color: str = DEFAULT_ACCENT
    footer_text: str = ""
    custom_html: str = ""
    custom_css: str = ""


@dataclass(frozen=True)
class LogoInfo:
    media_type: str
    width: int
    height: int
    size: int  # bytes

    @classmethod
    def of(cls, data: bytes) -> LogoInfo:
        logo = sniff_logo(data)
        return cls(logo.media_type, logo.width, logo.height, len(data))

    @property
    def label(self) -> str:
        """E.g. "PNG, 600 x 200 px, 24 KB" (with a multiplication sign)."""
        kind = self.media_type.removeprefix("image/").removesuffix("+xml").upper()
        return f"{kind}, {self.width} × {self.height} px, {max(1, round(self.size / 1024))} KB"


@dataclass(frozen=True)
class DesignView:
    values: DesignInput
    logo: LogoInfo | None


def design_row(session: Session) -> InvoiceDesign:
    """The stored design, or the defaults when nobody has saved one yet."""
    return session.get(InvoiceDesign, 1) or InvoiceDesign()


def _values(row: InvoiceDesign) -> DesignInput:
    return DesignInput(row.design, row.accent_color, row.footer_text, row.custom_html,
                       row.custom_css)  # fmt: skip


def look_of(values: DesignInput, row: InvoiceDesign) -> InvoiceLook:
    logo = data_url(row.logo_media_type, row.logo) if row.logo else ""
    return InvoiceLook(values.design, values.accent_color, values.footer_text, logo,
                       values.custom_html, values.custom_css)  # fmt: skip


def invoice_look(session: Session) -> InvoiceLook:
    """How invoices look now. No permission check: the caller has already passed its own."""
    row = design_row(session)
    return look_of(_values(row), row)


def invoice_design(session: Session, actor: Actor) -> DesignView:
    require(session, actor, Permission.MANAGE_SETTINGS, "see the invoice design")
    row = design_row(session)
    return DesignView(_values(row), LogoInfo.of(row.logo) if row.logo else None)


def design_source(session: Session, actor: Actor, key: str) -> tuple[str, str]:
    """A built-in design's HTML and CSS, to start a custom template from."""
    require(session, actor, Permission.MANAGE_SETTINGS, "see the invoice design")
    if key not in DESIGNS:
        raise BillingError("unknown_design", f"There is no built-in design '{key}'.")
    return builtin_source(key)


def sample_contexts(account: AccountSettings, today: dt.date) -> list[dict[str, object]]:
    """A sent invoice with a payment and notes, and a draft: every branch a template has."""
    customer = sample_customer()
    return [
        invoice_context(sample_invoice(account.currency, today, draft=draft,
                                       with_payment=not draft), account, customer)
        for draft in (False, True)
    ]  # fmt: skip


def _footer_error(footer: str) -> str:
    if len(footer) > MAX_FOOTER:
        return f"The footer has {len(footer)} characters; keep it to {MAX_FOOTER}."
    if footer.count("\n") >= MAX_FOOTER_LINES:
        return f"The footer has {footer.count(chr(10)) + 1} lines; keep it to {MAX_FOOTER_LINES}."
    return ""


def check_design(
    data: DesignInput, contexts: Iterable[Mapping[str, object]], logo_url: str = ""
) -> tuple[dict[str, str], DesignInput]:
    """A sentence per wrong field, and the clean values; a custom template is rendered
    with each invoice of `contexts` (and the logo) to catch what only fails at run time."""
    errors: dict[str, str] = {}
    if data.design not in DESIGN_KEYS:
        errors["design"] = "Choose one of the designs: Classic, Modern or Custom."
    try:
        accent = check_accent(data.accent_color)
    except BillingError as error:
        errors["accent_color"], accent = error.message, DEFAULT_ACCENT
    footer = "\n".join(line.rstrip() for line in data.footer_text.strip().splitlines())
    if message := _footer_error(footer):
        errors["footer_text"] = message
    html, css = data.custom_html, data.custom_css
    for field, text in (("custom_html", html), ("custom_css", css)):
        if len(text) > MAX_TEMPLATE:
            errors[field] = f"This part has {len(text)} characters; keep it to {MAX_TEMPLATE}."
    if data.design == CUSTOM and not html.strip():
        errors["custom_html"] = "Write the custom template's HTML, or start from a design."
    elif html.strip() and not errors.keys() & {"custom_html", "custom_css"}:
        look = InvoiceLook(CUSTOM, accent, footer, logo_url, html, css)
        if problem := check_custom_look(look, contexts):
            errors[f"custom_{problem.part}"] = problem.sentence
    return errors, replace(data, accent_color=accent, footer_text=footer)


def _changes(row: InvoiceDesign, clean: DesignInput) -> dict[str, tuple[str, str]]:
    """What changed; templates and footer by name only, their text is too long to audit."""
    changed = {}
    for name, new in asdict(clean).items():
        old = getattr(row, name)
        if old != new:
            short = name in {"design", "accent_color"}
            changed[name] = (old, new) if short else ("", "changed")
    return changed


def save_invoice_design(session: Session, actor: Actor, data: DesignInput) -> None:
    require(session, actor, Permission.MANAGE_SETTINGS, "change the invoice design")
    row = design_row(session)
    samples = sample_contexts(account_of(session), utcnow().date())
    errors, clean = check_design(data, samples, look_of(_values(row), row).logo_url)
    if errors:
        raise FieldErrors("invalid_invoice_design", errors)
    if not (changed := _changes(row, clean)):
        return
    for name, value in asdict(clean).items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    record_audit(
        session, actor, "invoice_design_saved", entity="invoice_design", entity_id=row.id,
        from_value="; ".join(f"{name}: {old}" for name, (old, _) in changed.items()),
        to_value="; ".join(f"{name}: {new}" for name, (_, new) in changed.items()),
        details=", ".join(changed),
    )  # fmt: skip


def save_logo(session: Session, actor: Actor, data: bytes) -> LogoInfo:
    """Checks the file by its content; the new logo is on every invoice rendered after."""
    require(session, actor, Permission.MANAGE_SETTINGS, "change the invoice logo")
    logo = LogoInfo.of(data)
    row = design_row(session)
    before = LogoInfo.of(row.logo).label if row.logo else ""
    row.logo, row.logo_media_type, row.updated_at = data, logo.media_type, utcnow()
    session.add(row)
    session.flush()
    record_audit(session, actor, "invoice_logo_uploaded", entity="invoice_design",
                 entity_id=row.id, from_value=before, to_value=logo.label)  # fmt: skip
    return logo


def remove_logo(session: Session, actor: Actor) -> None:
    require(session, actor, Permission.MANAGE_SETTINGS, "change the invoice logo")
    row = session.get(InvoiceDesign, 1)
    if row is None or not row.logo:
        return
    before = LogoInfo.of(row.logo).label
    row.logo, row.logo_media_type, row.updated_at = None, "", utcnow()
    session.add(row)
    session.flush()
    record_audit(session, actor, "invoice_logo_removed", entity="invoice_design",
                 entity_id=row.id, from_value=before)  # fmt: skip
