"""The company logo: what an uploaded file really is, read from its bytes, never its name.

PNG and JPEG by their signature and header (pixel size); SVG by parsing it, refusing
what an image has no business doing (scripts, entities, links to other files).
"""

from __future__ import annotations

import base64
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from billing_app.domain.errors import BillingError

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000  # pixels, for PNG and JPEG
MIN_SIDE = 16
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD9)}  # TEM, RSTn, SOI
NUMBER = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


@dataclass(frozen=True)
class Logo:
    media_type: str
    width: int
    height: int


def refuse(message: str) -> BillingError:
    return BillingError("invalid_logo", message)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _raster(media_type: str, width: int, height: int) -> Logo:
    if width > MAX_SIDE or height > MAX_SIDE:
        raise refuse(
            f"The logo is {width} × {height} pixels; the limit is {MAX_SIDE} on each side. "
            "Resize it (600 pixels wide prints sharply)."
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise refuse(
            f"The logo is {width} × {height} pixels: too small to print sharply; "
            f"use one at least {MIN_SIDE} pixels on each side."
        )
    return Logo(media_type, width, height)


def _png(data: bytes) -> Logo:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise refuse("The PNG file is damaged (its header is incomplete); export it again.")
    width, height = struct.unpack(">II", data[16:24])
    return _raster("image/png", width, height)


def _jpeg(data: bytes) -> Logo:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            break
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif marker in JPEG_STANDALONE:
            at += 2
        elif marker in JPEG_SOF and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return _raster("image/jpeg", width, height)
        else:
            at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    raise refuse("The JPEG file is damaged (no image size found); export it again.")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _svg_size(root: ET.Element) -> tuple[float, float]:
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0
        if width > 0 and height > 0:
            return width, height
    sizes = [NUMBER.match(root.get(side) or "") for side in ("width", "height")]
    if sizes[0] and sizes[1] and float(sizes[0][1]) > 0 and float(sizes[1][1]) > 0:
        return float(sizes[0][1]), float(sizes[1][1])
    raise refuse("The SVG has no size: give its <svg> a viewBox (or a width and a height).")


def _check_svg_content(root: ET.Element) -> None:
    for element in root.iter():
        tag = _local(element.tag)
        if tag in {"script", "foreignObject"}:
            raise refuse(f"The SVG contains a <{tag}>; a logo may only draw. Export it again.")
        for name, value in element.attrib.items():
            if _local(name).lower().startswith("on"):
                raise refuse(f"The SVG has an event handler ({_local(name)}); remove it.")
            if _local(name) == "href" and not value.startswith(("#", "data:")):
                raise refuse(
                    f"The SVG links to another file ({value[:60]}); embed the image in the SVG."
                )


def _svg(data: bytes) -> Logo:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("The SVG is not UTF-8 text; export it again.") from None
    if re.search(r"<!ENTITY|<!DOCTYPE[^>]*\[", text, re.IGNORECASE):
        raise refuse("The SVG declares entities, which a logo never needs; export it again.")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise refuse(f"The SVG is not well-formed XML ({error}); export it again.") from None
    if _local(root.tag) != "svg":
        raise refuse("This XML file is not an SVG image; export the logo as SVG, PNG or JPEG.")
    _check_svg_content(root)
    width, height = _svg_size(root)
    return Logo("image/svg+xml", round(width), round(height))


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data


def sniff_logo(data: bytes) -> Logo:
    """The kind and size of an image to print as the logo, or a sentence why it cannot be."""
    if not data:
        raise refuse("The file is empty; choose the logo image again.")
    if len(data) > MAX_BYTES:
        raise refuse(
            f"The logo is {_megabytes(len(data))}; the limit is 1 MB. "
            "Export it smaller (600 pixels wide is plenty for print)."
        )
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if _looks_like_svg(data):
        return _svg(data)
    raise refuse(
        "This file is not a PNG, JPEG or SVG image (whatever its name says); "
        "export the logo in one of those formats."
    )


def data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
