"""The book: one PDF of every SKPD's document of a pemda for a year, ready to hand over.

A book is a front matter — a cover (logo, document title, year, pemda) and a daftar isi
with the page where each SKPD starts — followed by every SKPD's PDF in the configured
order. It has PDF bookmarks per SKPD with a child per part of the document, metadata
(title, author = the pemda) and page labels: the front matter is numbered i, ii, …, the
SKPD documents 1, 2, … continuously, as the daftar isi shows them, so the daftar isi
does not depend on the length of the front matter.

The parts come from the SKPD PDFs' own outlines: the templates give each part's title an
outline level, LibreOffice exports those as bookmarks, and `DocumentKind.parts` names
them. The front matter is a small .docx made here and converted by the same LibreOffice
workers as the documents, so it is set in the same fonts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import Destination

from generator import __version__

FONT = "Arial"  # the templates' font; LibreOffice renders it with Liberation Sans
TEXT_WIDTH_CM = 16.5


@dataclass(frozen=True)
class BookInfo:
    """What the cover and the metadata say."""

    pemerintah: str  # "Pemerintah Kota Medan"
    tahun: int | None
    title: str  # "Perjanjian Kinerja"
    logo: Path | None = None

    @property
    def full_title(self) -> str:
        year = f" Tahun {self.tahun}" if self.tahun else ""
        return f"{self.title} Perangkat Daerah {self.pemerintah}{year}"


@dataclass(frozen=True)
class Part:
    title: str
    page: int  # 0-based, within the SKPD's PDF


@dataclass
class Member:
    """One SKPD's PDF in the book."""

    label: str
    pdf: Path
    reader: Any = None
    parts: tuple[Part, ...] = ()
    start: int = 1  # page number in the book's body numbering (1-based)

    @property
    def pages(self) -> int:
        return len(self.reader.pages)


def part_titles(reader: PdfReader, names: Sequence[str | None]) -> tuple[Part, ...]:
    """The document's parts from its top-level outline entries, named by `names` in
    order (None, or entries past the names, keep the entry's own title)."""
    parts = []
    entries = [e for e in reader.outline if isinstance(e, Destination)]
    for index, entry in enumerate(entries):
        page = reader.get_destination_page_number(entry)
        if page is None or page < 0:
            continue
        name = names[index] if index < len(names) else None
        parts.append(Part(name or " ".join(str(entry.title).split()), page))
    return tuple(parts)


def open_members(members: list[Member], names: Sequence[str | None]) -> None:
    """Read every member's PDF, its parts and where it starts in the book."""
    start = 1
    for member in members:
        member.reader = PdfReader(member.pdf)
        member.parts = part_titles(member.reader, names)
        member.start = start
        start += member.pages


def toc_entries(members: list[Member]) -> list[tuple[str, int]]:
    return [(m.label, m.start) for m in members]


# --------------------------------------------------------------------------- front matter


def _paragraph(
    doc: Any,
    text: str = "",
    *,
    size: float = 12,
    bold: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
) -> Any:
    para = doc.add_paragraph()
    para.alignment = align
    fmt = para.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        run = para.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
    return para


def front_matter_docx(info: BookInfo, entries: list[tuple[str, int]]) -> bytes:
    """Cover and daftar isi as a .docx: entries are (SKPD, first page in the book body)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    core = doc.core_properties
    core.title, core.author = info.full_title, info.pemerintah

    # Cover: title and year above, the emblem in the middle, the pemda below.
    _paragraph(doc, info.title.upper(), size=24, bold=True, before=100, after=8)
    _paragraph(doc, "PERANGKAT DAERAH", size=16, after=8)
    if info.tahun:
        _paragraph(doc, f"TAHUN {info.tahun}", size=20, bold=True)
    emblem = _paragraph(doc, before=100, after=100)
    if info.logo is not None and info.logo.is_file():
        emblem.add_run().add_picture(str(info.logo), height=Cm(6.0))
    else:
        emblem.paragraph_format.space_before = Pt(270)
    _paragraph(doc, info.pemerintah.upper(), size=18, bold=True)

    # Daftar isi on its own page(s).
    doc.add_section(WD_SECTION.NEW_PAGE)
    _paragraph(doc, "DAFTAR ISI", size=14, bold=True, after=4)
    _paragraph(doc, info.full_title, size=11, after=18)
    head = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
    _tab_stops(head)
    for text in ("No.", "\tPerangkat Daerah", "\tHalaman"):
        run = head.add_run(text)
        run.bold = True
        run.font.size = Pt(11)
    for number, (label, page) in enumerate(entries, start=1):
        para = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT, after=5)
        _tab_stops(para, leader=True)
        para.paragraph_format.left_indent = Cm(1.0)
        para.paragraph_format.first_line_indent = Cm(-1.0)
        para.paragraph_format.keep_together = True
        run = para.add_run(f"{number}.\t{label}\t{page}")
        run.font.size = Pt(11)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _tab_stops(para: Any, *, leader: bool = False) -> None:
    stops = para.paragraph_format.tab_stops
    stops.add_tab_stop(Cm(1.0))
    stops.add_tab_stop(
        Cm(TEXT_WIDTH_CM),
        WD_TAB_ALIGNMENT.RIGHT,
        WD_TAB_LEADER.DOTS if leader else WD_TAB_LEADER.SPACES,
    )


# --------------------------------------------------------------------------- assembly


def assemble(
    info: BookInfo, front: PdfReader, front_pages: int, members: list[Member], target: Path
) -> None:
    """Write the book to `target`: the first `front_pages` pages of `front`, then every
    member, with bookmarks, page labels and metadata."""
    writer = PdfWriter()
    for page in front.pages[:front_pages]:
        writer.add_page(page)
    for member in members:
        writer.append(member.reader, import_outline=False)
    writer.add_outline_item(title="Sampul", page_number=0)
    if front_pages > 1:
        writer.add_outline_item(title="Daftar Isi", page_number=1)
    for member in members:
        first = front_pages + member.start - 1
        parent = writer.add_outline_item(
            title=member.label, page_number=first, bold=True, is_open=False
        )
        for part in member.parts:
            writer.add_outline_item(title=part.title, page_number=first + part.page, parent=parent)
    writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if members:
        writer.set_page_label(
            front_pages, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1
        )
    writer.add_metadata(
        {
            "/Title": info.full_title,
            "/Author": info.pemerintah,
            "/Subject": f"Buku {info.title}" + (f" Tahun {info.tahun}" if info.tahun else ""),
            "/Creator": f"pkgen {__version__}",
        }
    )
    writer.page_mode = "/UseOutlines"
    with open(target, "wb") as handle:
        writer.write(handle)
