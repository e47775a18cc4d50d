"""Figures in narrative text: a paragraph holding only a figure mark
(`domain.markup.figure_mark`) becomes a centred picture, a paragraph starting with
`CAPTION_MARK` its centred caption.

The context says which file and how wide; the renderer reads the image (relative to the
data file's folder, checked when loading), embeds it as PNG (`word/media/`, a relationship
of the document, the content type) and sizes it to the width in cm, its proportions kept.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree
from PIL import Image

from generator.domain.markup import CAPTION_MARK, read_figure_mark
from generator.errors import RenderError, display_path
from generator.templates.prepare import PPR_ORDER, child_in_order

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
EMU_PER_CM = 360000
MAX_PIXELS = 2400  # a figure's longer side, enough for print at 16 cm (≈ 380 dpi)

_DRAWING = (
    '<w:r xmlns:w="{w}" xmlns:r="{r}"><w:drawing>'
    '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="{name}" descr="{name}"/>'
    "<wp:cNvGraphicFramePr><a:graphicFrameLocks"
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/>'
    "</wp:cNvGraphicFramePr>"
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="{id}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)


@dataclass(frozen=True)
class Figure:
    """One picture to add to the package."""

    rel_id: str  # rIdPkgenGambar1
    member: str  # word/media/pkgen-gambar-1.png
    png: bytes


def _text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))


def _centre(paragraph: Any) -> None:
    ppr = paragraph.find(f"{_W}pPr")
    if ppr is None:
        ppr = etree.SubElement(paragraph, f"{_W}pPr")
        paragraph.remove(ppr)
        paragraph.insert(0, ppr)
    indent = ppr.find(f"{_W}ind")
    if indent is not None:
        ppr.remove(indent)
    jc = child_in_order(ppr, "jc", PPR_ORDER[PPR_ORDER.index("jc") + 1 :])
    jc.set(f"{_W}val", "center")


_converted: dict[tuple[Path, int, int], tuple[bytes, int, int]] = {}


def _png(path: Path, width_cm: Decimal) -> tuple[bytes, int, int]:
    """The image as PNG bytes and its size in EMU at `width_cm` (read once per file)."""
    try:
        stat = path.stat()
        key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
        if key not in _converted:
            _converted[key] = _read_png(path)
    except (OSError, Image.DecompressionBombError) as exc:
        raise RenderError(f"{display_path(path)}: gambar tidak bisa dibaca ({exc})") from exc
    png, width, height = _converted[key]
    cx = int(width_cm * EMU_PER_CM)
    return png, cx, max(1, round(cx * height / width))


def _read_png(path: Path) -> tuple[bytes, int, int]:
    """(PNG bytes, width, height in pixels): a PNG of a printable size as it is, any other
    image converted (and made smaller when it is larger than print needs)."""
    with Image.open(path) as source:
        if source.format == "PNG" and max(source.size) <= MAX_PIXELS:
            return path.read_bytes(), source.width, source.height
        image = source.convert("RGBA" if "A" in source.getbands() else "RGB")
    if max(image.size) > MAX_PIXELS:
        scale = MAX_PIXELS / max(image.size)
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue(), image.width, image.height


def place_figures(root: Any, folder: Path | None) -> list[Figure]:
    """Put every marked figure of a rendered `w:document` in place; the pictures to add."""
    figures: list[Figure] = []
    for paragraph in list(root.iter(f"{_W}p")):
        text = _text(paragraph)
        if text.startswith(CAPTION_MARK):
            for node in paragraph.iter(f"{_W}t"):
                if node.text and CAPTION_MARK in node.text:
                    node.text = node.text.replace(CAPTION_MARK, "", 1)
                    break
            _centre(paragraph)
            continue
        mark = read_figure_mark(text)
        if mark is None:
            continue
        file, width = mark
        if folder is None:
            raise RenderError(f"gambar {file!r}: folder datanya tidak diketahui")
        try:
            width_cm = Decimal(width)
        except InvalidOperation as exc:
            raise RenderError(f"gambar {file!r}: lebar {width!r} bukan angka") from exc
        png, cx, cy = _png(folder / file, width_cm)
        number = len(figures) + 1
        figure = Figure(f"rIdPkgenGambar{number}", f"word/media/pkgen-gambar-{number}.png", png)
        figures.append(figure)
        for run in paragraph.findall(f"{_W}r"):
            paragraph.remove(run)
        drawing = _DRAWING.format(
            w=W_NS,
            r=R_NS,
            cx=cx,
            cy=cy,
            id=9000 + number,
            name=f"gambar-{number}",
            rid=figure.rel_id,
        )
        paragraph.append(etree.fromstring(drawing))
        _centre(paragraph)
        ppr = paragraph.find(f"{_W}pPr")
        if ppr is not None and ppr.find(f"{_W}keepNext") is None:
            keep = etree.Element(f"{_W}keepNext")  # the picture stays with its caption
            style = ppr.find(f"{_W}pStyle")
            if style is None:
                ppr.insert(0, keep)
            else:
                style.addnext(keep)
    return figures


def with_figures(rels: bytes, types: bytes, figures: list[Figure]) -> tuple[bytes, bytes]:
    """The document's relationships and the package's content types with the figures."""
    rel_root = etree.fromstring(rels)
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    for figure in figures:
        etree.SubElement(
            rel_root,
            f"{{{package}}}Relationship",
            Id=figure.rel_id,
            Type=IMAGE_REL,
            Target=figure.member.removeprefix("word/"),
        )
    type_root = etree.fromstring(types)
    content = "http://schemas.openxmlformats.org/package/2006/content-types"
    if not any(
        d.get("Extension", "").lower() == "png" for d in type_root.iter(f"{{{content}}}Default")
    ):
        default = etree.Element(f"{{{content}}}Default", Extension="png", ContentType="image/png")
        type_root.insert(0, default)
    return (
        etree.tostring(rel_root, xml_declaration=True, encoding="UTF-8", standalone=True),
        etree.tostring(type_root, xml_declaration=True, encoding="UTF-8", standalone=True),
    )
