"""Admin > Invoice design: the form, a live preview of the latest invoice in it, the logo."""

from __future__ import annotations

from typing import Any

import reflex as rx

from billing_app.domain.colors import check_accent
from billing_app.domain.errors import BillingError
from billing_app.domain.logo import MAX_BYTES
from billing_app.services.invoice_design import (
    CHOICES,
    DEFAULT_ACCENT,
    DesignInput,
    design_source,
    invoice_design,
    remove_logo,
    save_invoice_design,
    save_logo,
)
from billing_app.services.invoice_design_preview import preview_invoice_design
from billing_app.state.base import AppState
from billing_app.state.settings_page import SettingsPage

DESIGN_CHOICES = [{"key": key, "label": label, "blurb": blurb} for key, label, blurb in CHOICES]


class AdminDesignState(SettingsPage, AppState):
    design: str = "classic"
    accent_color: str = ""
    footer_text: str = ""
    custom_html: str = ""
    custom_css: str = ""
    logo: str = ""  # what the stored logo is (LogoInfo.label); "" for none
    logo_error: str = ""
    preview_html: str = ""
    preview_source: str = ""
    preview_stale: bool = False  # the design cannot render: the preview is the last that could
    previewing: bool = False
    dirty: bool = False
    saving: bool = False
    uploading: bool = False
    _preview_turn: int = 0
    _upload: bytes = b""

    @rx.var
    def swatch(self) -> str:
        """The colour picker's value: it takes only a complete colour."""
        try:
            return check_accent(self.accent_color)
        except BillingError:
            return DEFAULT_ACCENT

    def _values(self) -> DesignInput:
        return DesignInput(self.design, self.accent_color, self.footer_text, self.custom_html,
                           self.custom_css)  # fmt: skip

    @rx.event(background=True)
    async def load(self) -> Any:
        view = await self._stored(invoice_design)
        if view is None:
            return None
        values = view.values
        async with self:
            self.design, self.accent_color = values.design, values.accent_color
            self.footer_text = values.footer_text
            self.custom_html, self.custom_css = values.custom_html, values.custom_css
            self.logo, self.logo_error = view.logo.label if view.logo else "", ""
            self.dirty = False
            self._shown()
        return AdminDesignState.refresh_preview

    @rx.event(background=True)
    async def refresh_preview(self) -> None:
        """The newest request wins: an older answer arriving late is dropped."""
        async with self:
            self._preview_turn += 1
            turn, values, self.previewing = self._preview_turn, self._values(), True
        try:
            preview = await self.as_actor(preview_invoice_design, values)
        except BillingError as error:
            async with self:
                self.error, self.previewing = error.message, False
            return
        async with self:
            if turn != self._preview_turn:
                return
            self.field_errors, self.preview_source = preview.errors, preview.source
            self.preview_stale = not preview.html
            if preview.html:
                self.preview_html = preview.html
            self.previewing = False

    def _changed(self) -> Any:
        self.dirty = True
        return AdminDesignState.refresh_preview

    @rx.event
    def set_design(self, value: str) -> Any:
        """Custom with nothing written yet starts as a copy of the design chosen before."""
        previous, self.design = self.design, value
        if value == "custom" and not self.custom_html.strip():
            self.dirty = True
            return AdminDesignState.start_from(previous if previous != "custom" else "classic")
        return self._changed()

    @rx.event
    def set_accent_color(self, value: str) -> Any:
        self.accent_color = value
        return self._changed()

    @rx.event
    def set_footer_text(self, value: str) -> Any:
        self.footer_text = value
        return self._changed()

    @rx.event
    def set_custom_html(self, value: str) -> Any:
        self.custom_html = value
        return self._changed()

    @rx.event
    def set_custom_css(self, value: str) -> Any:
        self.custom_css = value
        return self._changed()

    @rx.event(background=True)
    async def start_from(self, key: str) -> Any:
        try:
            html, css = await self.as_actor(design_source, key)
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            self.custom_html, self.custom_css, self.dirty = html, css, True
        return AdminDesignState.refresh_preview

    @rx.event(background=True)
    async def save(self) -> Any:
        async with self:
            values, self.saving = self._values(), True
        saved = "Invoice design saved: new PDFs use it."
        done = await self._save(save_invoice_design, values, saved, AdminDesignState.load)
        async with self:
            self.saving = False  # and `load` clears `dirty` once saved
        return done

    @rx.event
    async def upload_logo(self, files: list[rx.UploadFile]) -> Any:
        if not files:
            return None
        self._upload = await files[0].read(MAX_BYTES + 1)  # enough to tell it is too big
        self.uploading, self.logo_error = True, ""
        return AdminDesignState.store_logo

    @rx.event(background=True)
    async def store_logo(self) -> Any:
        async with self:
            data, self._upload = self._upload, b""
        try:
            logo = await self.as_actor(save_logo, data)
        except BillingError as error:
            async with self:
                self.logo_error, self.uploading = error.message, False
            return None
        async with self:
            self.logo, self.uploading = logo.label, False
        return [rx.toast.success("Logo uploaded: invoices show it now."),
                AdminDesignState.refresh_preview]  # fmt: skip

    @rx.event(background=True)
    async def drop_logo(self) -> Any:
        try:
            await self.as_actor(remove_logo)
        except BillingError as error:
            return rx.toast.error(error.message)
        async with self:
            self.logo, self.logo_error = "", ""
        return [rx.toast.success("Logo removed."), AdminDesignState.refresh_preview]
