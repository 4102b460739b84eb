from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from functools import partial
from typing import Any

import reflex as rx

from billing_app.domain.errors import BillingError
from billing_app.domain.formats import format_day
from billing_app.domain.money import format_money
from billing_app.domain.status import InvoiceStatus
from billing_app.domain.tax_rates import format_rate
from billing_app.services.account import account_locale
from billing_app.services.accounting.credit_notes import push_refund, push_warning
from billing_app.services.accounting.payment_push import payment_push_warning, push_payment
from billing_app.services.invoice_pdf import invoice_pdf
from billing_app.services.invoices.detail import (
    InvoiceDetail,
    invoice_detail,
)
from billing_app.services.invoices.lines import (
    LineChanges,
    add_custom_line,
    add_product_line,
    move_line,
    remove_line,
    update_line,
)
from billing_app.services.payments import record_payment, refund_invoice
from billing_app.services.products import product_choices
from billing_app.services.tax_rates import tax_rate_options
from billing_app.state.base import AppState, call
from billing_app.state.invoice_links import InvoiceLinksState
from billing_app.state.invoice_views import (
    FactView,
    LineView,
    grouped_lines,
    how_paid,
    parse_number,
)
from billing_app.state.status_change import StatusChange
from billing_app.state.tax_choices import TaxChoices

EDITABLE = ("description", "quantity", "unit_price", "discount", "tax_rate")


class InvoiceState(StatusChange, TaxChoices, AppState):
    invoice_id: int = 0
    title: str = ""
    status: str = ""
    currency: str = ""
    draft: bool = False
    facts: list[FactView] = []
    lines: list[LineView] = []
    totals: list[FactView] = []
    tax_summary: list[FactView] = []
    payments: list[FactView] = []
    products: list[str] = []
    loading: bool = True
    rendering_pdf: bool = False
    error: str = ""
    revision: int = 0  # bumped on every reload: the line inputs show the stored values again
    _product_ids: dict[str, int] = {}

    def _show(self, detail: InvoiceDetail, locale: str) -> None:
        def money(amount: Decimal) -> str:
            return format_money(amount, detail.currency, locale)

        def day(value: dt.date | None) -> str:
            return format_day(value, locale) if value else "—"

        self.invoice_id, self.status = detail.id, detail.status.label
        self.currency = detail.currency
        self.revision += 1
        self.draft = detail.status is InvoiceStatus.DRAFT
        self.title = f"Invoice {detail.number}" if detail.number else "Draft invoice"
        self.facts = [
            FactView(label="Customer", value=detail.customer),
            FactView(label="Contract", value=detail.contract or "—"),
            FactView(label="Batch", value=detail.batch or "—"),
            FactView(label="Created", value=day(detail.created_at.date())),
            FactView(label="Issued", value=day(detail.issue_date)),
            FactView(label="Due", value=day(detail.due_date)),
            FactView(label="Currency", value=detail.currency),
        ]

        def custom_tax(rate: Decimal) -> str:
            custom = self._custom_tax(rate)
            return custom.label if custom else ""

        self.lines = grouped_lines(detail.lines, money, custom_tax)
        self.totals = [
            FactView(label="Net", value=money(detail.net)),
            FactView(label="Tax", value=money(detail.tax)),
            FactView(label="Total", value=money(detail.total)),
            FactView(label="Paid", value=money(detail.paid)),
            FactView(label="Balance due", value=money(detail.balance)),
        ]
        self.tax_summary = [
            FactView(label=f"{format_rate(s.rate, locale)} on {money(s.net)}",
                     value=money(s.tax))
            for s in detail.tax_by_rate
        ]  # fmt: skip
        self.payments = [
            FactView(label=f"{day(p.received_on)} · {p.kind.value} · {how_paid(p)}",
                     value=money(p.amount))
            for p in detail.payments
        ]  # fmt: skip

    async def _refresh(self) -> None:
        async with self:
            invoice_id = self.invoice_id
        detail = await self.as_actor(invoice_detail, invoice_id)
        locale = await call(account_locale)
        async with self:
            self._show(detail, locale)
            self.loading = False

    async def _act(self, fn: Any, *args: Any) -> Any:
        """A change to the invoice; a refusal is shown and the page shows the invoice as it is."""
        try:
            await self.as_actor(fn, *args)
        except BillingError as error:
            await self._refresh()
            return rx.toast.error(error.message)
        await self._refresh()
        return None

    async def _followed(self, invoice_id: int, push: Callable[[], Awaitable[str]]) -> Any:
        """A payment or refund is committed: the accounting systems follow (or the payment sync
        retries); a warning toast when one did not take it, and the Accounting card reloaded."""
        try:
            warning = await push()
        except BillingError as error:
            warning = error.message
        links = InvoiceLinksState.load(invoice_id)
        return [rx.toast.warning(warning), links] if warning else links

    @rx.event(background=True)
    async def load(self) -> None:
        async with self:
            raw = str(self.router.page.params.get("invoice_id", ""))
            self.invoice_id, self.loading = (int(raw) if raw.isdigit() else 0), True
        try:
            choices = await self.as_actor(product_choices)
            taxes = await self.as_actor(tax_rate_options)
            async with self:
                self._keep_tax_options(taxes)
                self._offer_tax(None)  # the new line's select: the default rate
            await self._refresh()
        except BillingError as error:
            async with self:
                self.error, self.loading = error.message, False
            return
        async with self:
            self._product_ids = {label: pid for pid, label in choices}
            self.products, self.error = list(self._product_ids), ""

    @rx.event(background=True)
    async def download_pdf(self) -> Any:
        async with self:
            invoice_id, self.rendering_pdf = self.invoice_id, True
        try:
            name, pdf = await self.as_actor(invoice_pdf, invoice_id)
        except BillingError as error:
            return rx.toast.error(error.message)
        finally:
            async with self:
                self.rendering_pdf = False
        return rx.download(data=pdf, filename=name, mime_type="application/pdf")

    def _reload(self) -> Any:
        return InvoiceState.reload

    @rx.event(background=True)
    async def reload(self) -> None:
        await self._refresh()

    @rx.event(background=True)
    async def change_line(self, line_id: int, field: str, value: str) -> Any:
        if field not in EDITABLE:
            return None
        try:
            parsed: Any = value if field == "description" else parse_number(value, field)
        except BillingError as error:
            await self._refresh()
            return rx.toast.error(error.message)
        return await self._act(update_line, line_id, LineChanges(**{field: parsed}))

    @rx.event(background=True)
    async def add_custom(self, form: dict[str, str]) -> Any:
        try:
            line = partial(
                add_custom_line, description=form.get("description", ""),
                quantity=parse_number(form.get("quantity", "1"), "Quantity"),
                unit_price=parse_number(form.get("unit_price", ""), "Unit price"),
                tax_rate=parse_number(form.get("tax_rate", "0") or "0", "Tax rate"),
            )  # fmt: skip
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            invoice_id = self.invoice_id
        return await self._act(line, invoice_id)

    @rx.event(background=True)
    async def add_product(self, form: dict[str, str]) -> Any:
        async with self:
            invoice_id = self.invoice_id
            product_id = self._product_ids.get(form.get("product", ""))
        if product_id is None:
            return rx.toast.error("Choose a product from the catalogue.")
        try:
            quantity = parse_number(form.get("quantity", "1") or "1", "Quantity")
        except BillingError as error:
            return rx.toast.error(error.message)
        return await self._act(add_product_line, invoice_id, product_id, quantity)

    @rx.event(background=True)
    async def remove(self, line_id: int) -> Any:
        return await self._act(remove_line, line_id)

    @rx.event(background=True)
    async def move(self, line_id: int, position: int) -> Any:
        return await self._act(move_line, line_id, position)

    @rx.event(background=True)
    async def pay(self, form: dict[str, str]) -> Any:
        async with self:
            invoice_id = self.invoice_id
        try:
            amount = parse_number(form.get("amount", ""), "Amount")
            today = dt.datetime.now(dt.UTC).date().isoformat()
            received = dt.date.fromisoformat(form.get("received_on") or today)
        except (BillingError, ValueError) as error:
            message = error.message if isinstance(error, BillingError) else "Enter a valid date."
            return rx.toast.error(message)
        payment = partial(
            record_payment,
            amount=amount,
            received_on=received,
            method=form.get("method", ""),
            reference=form.get("reference", ""),
        )
        try:
            recorded = await self.as_actor(payment, invoice_id)
        except BillingError as error:
            await self._refresh()
            return rx.toast.error(error.message)
        await self._refresh()

        async def push() -> str:
            return payment_push_warning(await self.as_actor(push_payment, recorded.payment_id))

        return await self._followed(invoice_id, push)

    @rx.event(background=True)
    async def refund(self) -> Any:
        async with self:
            invoice_id = self.invoice_id
        today = dt.datetime.now(dt.UTC).date()
        refused = await self._act(partial(refund_invoice, refunded_on=today), invoice_id)
        if refused is not None:
            return refused

        async def push() -> str:
            return push_warning(await self.as_actor(push_refund, invoice_id))

        return await self._followed(invoice_id, push)

    @rx.event(background=True)
    async def tick(self, _moment: str) -> Any:
        """Once a second: reload when someone changed the billing data."""
        if await self.billing_changed():
            await self._refresh()
            return InvoiceLinksState.load(self.invoice_id)
        return None
