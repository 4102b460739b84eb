import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.screenshots import snap
from tests.e2e.signing_in import sign_in

pytestmark = pytest.mark.e2e

ROUTE = "/admin/invoice-design"
OURS = """<html><head><style>{% include stylesheet %}</style></head>
<body>
<h1>Our own invoice for {{ customer.name }}</h1>
<p class="total">Balance {{ balance }}</p>
</body></html>"""
ACCENT = re.compile(r"^Accent colour")  # the field's error joins its name
BROKEN = OURS.replace("{{ customer.name }}", "{{ customer.name }")


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 100), (185, 28, 28)).save(out, "PNG")
    return out.getvalue()


def open_design(page: Page, base_url: str) -> None:
    sign_in(page, base_url, "admin")
    page.goto(base_url + ROUTE)
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    expect(page.get_by_text(re.compile(r"for .+, the latest\.$"))).to_be_visible()


def test_admin_switches_design_colour_footer_and_logo_and_the_preview_follows(
    page: Page, app_server
):
    open_design(page, app_server.url)
    frame = page.locator("iframe[title='Invoice preview']")
    expect(frame).to_have_attribute("sandbox", "")  # no scripts, no same origin
    preview = page.frame_locator("iframe[title='Invoice preview']")
    expect(preview.locator(".lines")).to_be_visible()
    expect(preview.locator(".band")).to_have_count(0)
    snap(page, "invoice-design-classic")

    page.get_by_role("radio", name="Modern", exact=True).click()
    expect(preview.locator(".band")).to_be_visible()
    expect(page.get_by_text("Unsaved changes")).to_be_visible()
    accent = page.get_by_role("textbox", name=ACCENT)
    accent.fill("#b91c")
    expect(page.get_by_text("#b91c is not a colour: write # and six hex digits")).to_be_visible()
    accent.fill("#b91c1c")
    expect(preview.locator(".band")).to_have_css("background-color", "rgb(185, 28, 28)")
    expect(page.get_by_text("is not a colour")).to_have_count(0)
    page.get_by_label("Footer text").fill("Pay by bank transfer.\n<b>No cash</b>, please.")
    expect(preview.locator(".footer-text")).to_contain_text("<b>No cash</b>, please.")

    upload = page.locator("input[type=file]")
    upload.set_input_files(files=[{"name": "logo.png", "mimeType": "image/png",
                                   "buffer": b"just text, named like a picture"}])  # fmt: skip
    expect(page.get_by_text("This file is not a PNG, JPEG or SVG image")).to_be_visible()
    expect(page.get_by_text("No logo yet")).to_be_visible()
    upload.set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()}]
    )
    expect(page.get_by_test_id("logo-label")).to_have_text("PNG, 300 × 100 px, 1 KB")
    expect(preview.locator("img.logo")).to_be_visible()
    snap(page, "invoice-design-modern")

    page.get_by_role("button", name="Save design").click()
    expect(page.get_by_text("Invoice design saved")).to_be_visible()
    page.reload()
    expect(page.get_by_role("radio", name="Modern", exact=True)).to_be_checked()
    expect(page.get_by_role("textbox", name=ACCENT)).to_have_value("#b91c1c")
    expect(preview.locator("img.logo")).to_be_visible()
    page.get_by_role("button", name="Remove logo").click()
    expect(page.get_by_text("No logo yet")).to_be_visible()
    expect(preview.locator("img.logo")).to_have_count(0)


def test_a_custom_template_with_a_syntax_error_shows_its_line_and_the_old_one_stays(
    page: Page, app_server
):
    open_design(page, app_server.url)
    preview = page.frame_locator("iframe[title='Invoice preview']")
    page.get_by_role("radio", name="Custom", exact=True).click()
    template = page.get_by_label("Template HTML")
    expect(template).to_have_value(re.compile(r"\{% include stylesheet %\}"))  # a copy to start
    template.fill(OURS)
    expect(preview.get_by_role("heading", name=re.compile("Our own invoice for"))).to_be_visible()
    page.get_by_role("button", name="Save design").click()
    expect(page.get_by_text("Invoice design saved")).to_be_visible()

    template.fill(BROKEN)
    expect(page.get_by_text("Line 3: unexpected '}'")).to_be_visible()
    expect(page.get_by_test_id("preview-stale")).to_be_visible()
    expect(preview.get_by_role("heading", name=re.compile("Our own invoice for"))).to_be_visible()
    page.get_by_role("button", name="Save design").click()
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    snap(page, "invoice-design-custom-error")

    page.reload()
    expect(page.get_by_label("Template HTML")).to_have_value(OURS)
    expect(preview.get_by_role("heading", name=re.compile("Our own invoice for"))).to_be_visible()


def test_a_billing_user_cannot_open_the_invoice_design(page: Page, app_server):
    sign_in(page, app_server.url, "billing")
    page.goto(app_server.url + ROUTE)
    expect(page.get_by_text("Your role (Billing) cannot open that page.")).to_be_visible()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
