"""A large diagonal mark across every page of a PDF: `DRAF` on documents not yet approved.

The letters are drawn as strokes, not set in a font: nothing to embed (every PDF pkgen makes
embeds its fonts) and the page's text stays exactly what the document says, so text
extraction and searches are unchanged. The drawing is a marked-content artifact of subtype
Watermark, as PDF readers expect a watermark to be, and semi-transparent, so the document
stays readable under it.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

# Strokes of each letter in a box 0.6 wide and 1 high, as PDF path operators.
_GLYPHS: dict[str, str] = {
    "D": "0 0 m 0 1 l 0.22 1 l 0.74 1 0.74 0 0.22 0 c h",
    "R": "0 0 m 0 1 l 0.3 1 l 0.66 1 0.66 0.48 0.3 0.48 c 0 0.48 l 0.3 0.48 m 0.6 0 l",
    "A": "0 0 m 0.3 1 l 0.6 0 l 0.12 0.38 m 0.48 0.38 l",
    "F": "0.58 1 m 0 1 l 0 0 l 0 0.52 m 0.44 0.52 l",
    "T": "0 1 m 0.6 1 l 0.3 1 m 0.3 0 l",
    "E": "0.58 1 m 0 1 l 0 0 l 0.58 0 l 0 0.5 m 0.44 0.5 l",
    "I": "0.3 0 m 0.3 1 l",
    "U": "0 1 m 0 0.3 l 0 -0.08 0.6 -0.08 0.6 0.3 c 0.6 1 l",
    "S": "0.58 0.86 m 0.5 1.04 0 1.04 0.02 0.74 c 0.04 0.5 0.58 0.52 0.6 0.26 c "
    "0.62 -0.06 0.06 -0.06 0 0.14 c",
    "K": "0 0 m 0 1 l 0.6 1 m 0 0.42 l 0.18 0.58 m 0.6 0 l",
    "N": "0 0 m 0 1 l 0.6 0 l 0.6 1 l",
    "H": "0 0 m 0 1 l 0.6 0 m 0.6 1 l 0 0.5 m 0.6 0.5 l",
    "G": "0.6 0.82 m 0.45 1.06 0 1.04 0 0.5 c 0 -0.06 0.5 -0.06 0.6 0.2 c 0.6 0.45 l 0.34 0.45 l",
}
LETTER_WIDTH = 0.6
LETTER_GAP = 0.28
STROKE = 0.11  # in letter heights
OPACITY = 0.22
GREY = 0.55
MARK = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"


def supported(text: str) -> bool:
    """Whether every letter of `text` can be drawn (spaces allowed)."""
    return all(ch == " " or ch in _GLYPHS for ch in text)


def _drawing(text: str, width: float, height: float) -> bytes:
    """The content stream drawing `text` diagonally across a page of this size."""
    advance = LETTER_WIDTH + LETTER_GAP
    span = len(text) * advance - LETTER_GAP
    angle = math.atan2(height, width)
    diagonal = math.hypot(width, height)
    size = min(diagonal * 0.62 / span, min(width, height) * 0.3)
    cos, sin = math.cos(angle), math.sin(angle)
    paths = []
    for index, letter in enumerate(text):
        if letter == " ":
            continue
        paths.append(f"q 1 0 0 1 {index * advance:.3f} 0 cm {_GLYPHS[letter]} S Q")
    ops = [
        MARK,
        "q",
        "/GSpkgenDraf gs",
        f"{GREY} {GREY} {GREY} RG",
        f"{STROKE} w 1 J 1 j",
        f"1 0 0 1 {width / 2:.2f} {height / 2:.2f} cm",
        f"{cos:.5f} {sin:.5f} {-sin:.5f} {cos:.5f} 0 0 cm",
        f"{size:.2f} 0 0 {size:.2f} 0 0 cm",
        f"1 0 0 1 {-span / 2:.4f} -0.5 cm",
        *paths,
        "Q",
        "EMC",
    ]
    return "\n".join(ops).encode("ascii")


def _stamp(page: PageObject, text: str) -> PageObject:
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    stamp = PageObject.create_blank_page(width=width, height=height)
    stream = DecodedStreamObject()
    stream.set_data(_drawing(text, width, height))
    state = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/ExtGState"),
            NameObject("/CA"): FloatObject(OPACITY),
            NameObject("/ca"): FloatObject(OPACITY),
        }
    )
    stamp[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/ExtGState"): DictionaryObject({NameObject("/GSpkgenDraf"): state}),
            NameObject("/ProcSet"): ArrayObject([NameObject("/PDF")]),
        }
    )
    stamp[NameObject("/Contents")] = stream
    if box.left or box.bottom:
        stamp.add_transformation((1, 0, 0, 1, float(box.left), float(box.bottom)))
    return stamp


def watermark_pdf(source: Path, target: Path, text: str = "DRAF") -> None:
    """Write `source` to `target` with `text` drawn across every page (outline, page
    labels and metadata kept)."""
    if not supported(text):
        raise ValueError(f"watermark text {text!r} has letters that cannot be drawn")
    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        page.merge_page(_stamp(page, text), over=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())


def has_watermark(reader: PdfReader, page: int = 0) -> bool:
    """Whether a page carries a watermark artifact (tests, and the web's own checks)."""
    contents = reader.pages[page].get_contents()
    return contents is not None and b"/Watermark" in contents.get_data()
