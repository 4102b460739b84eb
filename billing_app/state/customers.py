from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from billing_app.services.customers import (
    CustomerInput,
    CustomerRow,
    list_customers,
    save_customer,
)
from billing_app.state.base import AppState
from billing_app.state.paged_list import PagedListState


class CustomerView(TypedDict):
    id: int
    name: str
    emails: str
    place: str
    country: str
    currency: str
    vat_id: str
    exempt: bool
    terms: str
    street: str
    city: str
    postcode: str


def customer_view(c: CustomerRow) -> CustomerView:
    return CustomerView(
        id=c.id, name=c.name, emails=c.billing_emails, country=c.country,
        place=", ".join(p for p in (c.city, c.country) if p), currency=c.currency,
        vat_id=c.vat_id, exempt=c.tax_exempt,
        terms="" if c.payment_terms_days is None else str(c.payment_terms_days),
        street=c.street, city=c.city, postcode=c.postcode,
    )  # fmt: skip


class CustomersState(PagedListState, AppState):
    rows: list[CustomerView] = []
    editing: int = -1  # -1 closed, 0 new, else the customer's id
    form: dict[str, str] = {}
    exempt: bool = False
    field_errors: dict[str, str] = {}

    async def _fetch(self, search: str, page: int) -> tuple[list[CustomerView], Any]:
        listed = await self.as_actor(list_customers, search, page)
        return [customer_view(c) for c in listed.rows], listed

    @rx.event
    def open_editor(self, customer: CustomerView | None = None) -> None:
        self.field_errors = {}
        if customer is None:
            self.editing, self.form, self.exempt = 0, {"country": "IT"}, False
            return
        self.editing, self.exempt = customer["id"], customer["exempt"]
        self.form = {
            "name": customer["name"], "billing_emails": customer["emails"],
            "country": customer["country"], "currency": customer["currency"],
            "vat_id": customer["vat_id"], "street": customer["street"], "city": customer["city"],
            "postcode": customer["postcode"], "payment_terms_days": customer["terms"],
        }  # fmt: skip

    @rx.event
    def close_editor(self, is_open: bool = False) -> None:
        if not is_open:
            self.editing = -1

    @rx.event
    def set_exempt(self, value: bool) -> None:
        self.exempt = value

    @rx.event(background=True)
    async def save(self, form: dict[str, str]) -> Any:
        terms = form.get("payment_terms_days", "").strip()
        if terms and not terms.isdigit():
            async with self:
                self.field_errors = {"payment_terms_days": "Write the days as a whole number."}
            return None
        async with self:
            customer_id, exempt = self.editing or None, self.exempt
        data = CustomerInput(
            name=form.get("name", ""), billing_emails=form.get("billing_emails", ""),
            country=form.get("country", ""), currency=form.get("currency", ""),
            vat_id=form.get("vat_id", ""), street=form.get("street", ""),
            city=form.get("city", ""), postcode=form.get("postcode", ""), tax_exempt=exempt,
            payment_terms_days=int(terms) if terms else None,
        )  # fmt: skip
        if errors := await self.submit_form(save_customer, customer_id, data):
            async with self:
                self.field_errors = errors
            return None
        async with self:
            self.editing, self.field_errors = -1, {}
        return [rx.toast.success(f"Saved {data.name.strip()}."), CustomersState.load]
