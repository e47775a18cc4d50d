"""The book: one PDF of every SKPD's document of a pemda for a year, ready to hand over.

A book is a front matter — a cover (logo, document title, year, pemda) and a daftar isi
with the page where each SKPD starts — followed by every SKPD's PDF in the configured
order. It has PDF bookmarks per SKPD with a child per part of the document, metadata
(title, author = the pemda) and page labels: the front matter is numbered i, ii, …, the
SKPD documents 1, 2, … continuously, as the daftar isi shows them, so the daftar isi
does not depend on the length of the front matter.

The numbers printed on the pages agree: a document printed on its own is numbered from 1,
so in the book each SKPD's .docx is converted once more numbered from where it starts in
the book (`numbered_from`: the first section's `w:pgNumType w:start`). The page's footer,
the daftar isi, the bookmarks and the page labels then all say the same number.

The parts come from the SKPD PDFs' own outlines: the templates give each part's title an
outline level, LibreOffice exports those as bookmarks, and `DocumentKind.parts` names
them. The front matter is the template `buku.docx` (cover and daftar isi, restyled like
any other template), rendered by the same renderer and converted by the same LibreOffice
workers as the documents.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import Destination, NameObject, TextStringObject

from generator import __version__
from generator.context.buku import TocEntry, buku_context
from generator.context.common import as_mapping
from generator.pdf.archival import mark_pdfa
from generator.templates import shipped_templates
from generator.templates.prepare import child_in_order
from generator.templates.properties import DocumentProperties
from generator.templates.render import compiled_template, fit_logo

BOOK_TEMPLATE = "buku.docx"


def book_template(folder: Path) -> Path:
    """The front-matter template of a templates folder; the shipped one when the folder
    has none (a folder of templates made before books had a template)."""
    own = folder / BOOK_TEMPLATE
    return own if own.is_file() else shipped_templates() / BOOK_TEMPLATE


@dataclass(frozen=True)
class BookInfo:
    """What the cover and the metadata say."""

    pemerintah: str  # "Pemerintah Kota Medan"
    tahun: int | None
    title: str  # "Perjanjian Kinerja"
    logo: Path | None = None
    unit: str | None = None  # the book of one SKPD's PKs: "Dinas Kesehatan Kota Medan"

    @property
    def full_title(self) -> str:
        year = f" Tahun {self.tahun}" if self.tahun else ""
        if self.unit:
            return f"{self.title} {self.unit}{year}"
        return f"{self.title} Perangkat Daerah {self.pemerintah}{year}"

    @property
    def subject(self) -> str:
        return f"Buku {self.title}" + (f" Tahun {self.tahun}" if self.tahun else "")

    def properties(self, built_at: datetime | None = None) -> DocumentProperties:
        """The book's metadata (its front matter's .docx and the book PDF say the same)."""
        return DocumentProperties(
            title=self.full_title,
            creator=self.pemerintah,
            subject=self.subject,
            keywords=(self.title, str(self.tahun or ""), self.pemerintah),
            built_at=built_at,
        )


@dataclass(frozen=True)
class Part:
    title: str
    page: int  # 0-based, within the SKPD's PDF


@dataclass
class Member:
    """One SKPD's PDF in the book."""

    label: str
    pdf: Path
    docx: Path | None = None  # converted again, numbered from `start`, for the book
    reader: Any = None
    parts: tuple[Part, ...] = ()
    start: int = 1  # page number in the book's body numbering (1-based)
    level: int = 0  # its bookmark's depth: a jabatan's PK nests under its atasan's

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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_NUMBER_SUCCESSORS = (
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
)


def numbered_from(docx: bytes, start: int) -> bytes:
    """The document with its pages numbered from `start` (its first section restarts
    there; later sections continue unless they restart on their own)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == "word/document.xml":
                data = _restart_numbering(data, start)
            archive.writestr(info, data)
    return out.getvalue()


def _restart_numbering(document_xml: bytes, start: int) -> bytes:
    root = etree.fromstring(document_xml)
    section = next(root.iter(f"{_W}sectPr"), None)
    if section is None:
        raise ValueError("dokumen tanpa pengaturan halaman (w:sectPr)")
    # In schema order: before cols, docGrid and the other later children.
    numbering = child_in_order(section, "pgNumType", _PAGE_NUMBER_SUCCESSORS)
    numbering.set(f"{_W}start", str(start))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def toc_entries(members: list[Member]) -> list[TocEntry]:
    return [TocEntry(m.label, m.start, m.level) for m in members]


# --------------------------------------------------------------------------- front matter


def front_matter_docx(
    info: BookInfo,
    entries: Sequence[tuple[str, int] | tuple[str, int, int]],
    template: Path | None = None,
) -> bytes:
    """Cover and daftar isi as a .docx from the book template (the shipped `buku.docx`
    unless another is given): entries are (SKPD, first page in the book body)."""
    compiled = compiled_template(template or shipped_templates() / BOOK_TEMPLATE)
    context = buku_context(
        info.title, info.unit, info.pemerintah, info.tahun, info.full_title, entries
    )
    if info.logo is not None and info.logo.is_file():
        logo = fit_logo(info.logo, compiled.logo_aspect)
    else:  # no emblem, its place kept
        logo = blank_logo(compiled.logo_aspect)
    return compiled.render(as_mapping(context), logo_png=logo, properties=info.properties())


def blank_logo(aspect: float) -> bytes:
    """A transparent image of the logo box's proportions."""
    canvas = Image.new("RGBA", (max(1, round(100 * aspect)), 100), (255, 255, 255, 0))
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------- assembly


def assemble(
    info: BookInfo,
    front: PdfReader,
    front_pages: int,
    members: list[Member],
    target: Path,
    *,
    pdfa: bool = False,
) -> None:
    """Write the book to `target`: the first `front_pages` pages of `front`, then every
    member, with bookmarks, page labels and metadata; with `pdfa` (front and members are
    PDF/A-2b), the book declares PDF/A-2b too (`archival.mark_pdfa`)."""
    writer = PdfWriter()
    for page in front.pages[:front_pages]:
        writer.add_page(page)
    for member in members:
        writer.append(member.reader, import_outline=False)
    writer.add_outline_item(title="Sampul", page_number=0)
    if front_pages > 1:
        writer.add_outline_item(title="Daftar Isi", page_number=1)
    above: list[Any] = []  # the bookmark of the latest member at each level
    for member in members:
        first = front_pages + member.start - 1
        del above[member.level :]
        parent = writer.add_outline_item(
            title=member.label,
            page_number=first,
            parent=above[-1] if above else None,
            bold=True,
            is_open=False,
        )
        above.append(parent)
        for part in member.parts:
            writer.add_outline_item(title=part.title, page_number=first + part.page, parent=parent)
    writer.set_page_label(0, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if members:
        writer.set_page_label(
            front_pages, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1
        )
    properties = info.properties()
    if pdfa:
        mark_pdfa(writer, front, properties, f"pkgen {__version__}")
    else:
        writer.add_metadata(
            {
                "/Title": properties.title,
                "/Author": properties.creator,
                "/Subject": properties.subject,
                "/Keywords": properties.keyword_text,
                "/Creator": f"pkgen {__version__}",
            }
        )
        writer.root_object[NameObject("/Lang")] = TextStringObject(properties.language)
    writer.page_mode = "/UseOutlines"
    with open(target, "wb") as handle:
        writer.write(handle)
