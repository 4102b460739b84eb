import io
import struct
import zlib

import pytest
from PIL import Image

from billing_app.domain.errors import BillingError
from billing_app.domain.logo import MAX_BYTES, data_url, sniff_logo


def raster(kind: str, size: tuple[int, int] = (600, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(out, kind)
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG signature and IHDR claiming a size, without the pixels (as a bomb would)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


SVG = '<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="10" height="10"/>{body}</svg>'


def svg(size: str = 'viewBox="0 0 300 100"', body: str = "") -> bytes:
    return SVG.format(size=size, body=body).encode()


def refusal(data: bytes) -> str:
    with pytest.raises(BillingError) as refused:
        sniff_logo(data)
    assert refused.value.code == "invalid_logo"
    return refused.value.message


def test_png_and_jpeg_are_told_by_their_bytes_with_their_pixel_size():
    png, jpeg = sniff_logo(raster("PNG")), sniff_logo(raster("JPEG", (320, 240)))
    assert (png.media_type, png.width, png.height) == ("image/png", 600, 200)
    assert (jpeg.media_type, jpeg.width, jpeg.height) == ("image/jpeg", 320, 240)


def test_a_progressive_jpeg_is_read_too():
    out = io.BytesIO()
    Image.new("RGB", (90, 40)).save(out, "JPEG", progressive=True)
    assert (sniff_logo(out.getvalue()).width, sniff_logo(out.getvalue()).height) == (90, 40)


@pytest.mark.parametrize(("size", "expected"), [
    ('viewBox="0 0 300 100"', (300, 100)), ('width="120px" height="40"', (120, 40)),
    ('viewBox="0,0,64.5,32" width="100%"', (64, 32)),
])  # fmt: skip
def test_an_svg_is_parsed_and_sized_by_its_viewbox_or_width_and_height(size, expected):
    logo = sniff_logo(b'<?xml version="1.0"?>\n' + svg(size))
    assert logo.media_type == "image/svg+xml"
    assert (logo.width, logo.height) == expected


def test_the_file_name_does_not_matter_only_the_content():
    gif = io.BytesIO()
    Image.new("RGB", (50, 50)).save(gif, "GIF")
    assert "not a PNG, JPEG or SVG" in refusal(gif.getvalue())
    assert "not a PNG, JPEG or SVG" in refusal(b"%PDF-1.7 pretending to be logo.png")
    assert "not a PNG, JPEG or SVG" in refusal(b"MZ\x90\x00 an executable")


def test_an_empty_or_too_large_file_is_refused_with_its_size():
    assert "empty" in refusal(b"")
    too_big = raster("PNG") + b"\0" * MAX_BYTES
    assert "limit is 1 MB" in refusal(too_big)


def test_a_huge_pixel_size_is_refused_before_anything_is_decoded():
    assert "10000 × 8000 pixels; the limit is 4000" in refusal(png_header(10000, 8000))


def test_a_tiny_image_is_refused():
    assert "too small" in refusal(raster("PNG", (8, 8)))


def test_truncated_files_are_refused():
    assert "PNG file is damaged" in refusal(b"\x89PNG\r\n\x1a\n\0\0")
    assert "JPEG file is damaged" in refusal(raster("JPEG")[:20])


@pytest.mark.parametrize(("body", "why"), [
    ("<script>alert(1)</script>", "<script>"),
    ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
     "<foreignObject>"),
    ('<rect onload="alert(1)" width="1" height="1"/>', "event handler"),
    ('<image href="file:///etc/passwd" width="1" height="1"/>', "links to another file"),
    ('<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="http://127.0.0.1/x.png"/>',
     "links to another file"),
])  # fmt: skip
def test_an_svg_that_does_more_than_draw_is_refused(body, why):
    assert why in refusal(svg(body=body))


def test_an_svg_may_link_inside_itself_and_embed_data():
    inside = '<use href="#a"/><image href="data:image/png;base64,AAAA" width="1" height="1"/>'
    assert sniff_logo(svg(body=inside)).media_type == "image/svg+xml"


def test_entities_are_refused_so_no_billion_laughs():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" '
            b'viewBox="0 0 1 1"><text>&b;</text></svg>')  # fmt: skip
    assert "entities" in refusal(bomb)


def test_an_svg_without_a_size_or_malformed_or_not_svg_is_refused():
    assert "has no size" in refusal(svg(size=""))
    assert "not well-formed" in refusal(b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>")
    assert "not an SVG" in refusal(b'<?xml version="1.0"?><html><svg/></html>')


def test_a_data_url_carries_the_media_type_and_base64_bytes():
    assert data_url("image/png", b"\x89PNG") == "data:image/png;base64,iVBORw=="
